#include "hrn/api/router.hpp"

#include <boost/json.hpp>

#include "hrn/api/json_views.hpp"

namespace hrn::api {
namespace {

http_response json_response(int status, const boost::json::object& body) {
  http_response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

}  // namespace

router::router(std::function<health_snapshot()> health) : health_(std::move(health)) {}

http_response router::handle(const http_request& request) {
  const auto path = path_of(request.target);
  http_response response;
  if (path == "/healthz" || path == "/metrics") {
    if (request.method != "GET") {
      response = json_response(405, error_json(make_error("method_not_allowed", "use GET")));
      response.headers.emplace_back("Allow", "GET");
    } else {
      response = path == "/healthz" ? healthz() : metrics();
    }
  } else {
    response = json_response(
        404, error_json(make_error("not_found", "no such endpoint; see GET /healthz")));
  }
  count(response.status);
  return response;
}

http_response router::healthz() const {
  const auto h = health_();
  boost::json::object body;
  body["status"] = "ok";
  body["service"] = "hrn-relay";
  body["version"] = h.version;
  body["uptime_seconds"] = h.uptime_seconds;
  body["resolver"] = {{"available", h.resolver_available}};
  boost::json::object tor{{"state", h.tor_state},
                          {"bootstrap", h.tor_progress},
                          {"ready", h.tor_state == "ready"}};
  if (!h.tor_summary.empty()) tor["summary"] = h.tor_summary;
  if (!h.tor_warning.empty()) tor["warning"] = h.tor_warning;
  body["tor"] = std::move(tor);
  if (!h.onion_address.empty())
    body["onion"] = {{"address", h.onion_address}, {"published", h.onion_published}};
  if (h.direct) {
    body["direct"] = true;
    body["warning"] =
        "DIRECT MODE: Tor is bypassed; upstream servers see this relay's address. "
        "For tests and diagnostics only.";
  }
  body["cache"] = {{"entries", h.cache_entries}};
  return json_response(200, body);
}

http_response router::metrics() const {
  const auto h = health_();
  std::string out;
  out += "# HELP hrn_up Whether the relay process is serving.\n";
  out += "# TYPE hrn_up gauge\nhrn_up 1\n";
  out += "# HELP hrn_uptime_seconds Seconds since the relay started.\n";
  out += "# TYPE hrn_uptime_seconds gauge\nhrn_uptime_seconds " +
         std::to_string(h.uptime_seconds) + "\n";
  out += "# HELP hrn_http_responses_total HTTP responses sent, by status class.\n";
  out += "# TYPE hrn_http_responses_total counter\n";
  for (std::size_t c = 1; c < by_class_.size(); ++c)
    out += "hrn_http_responses_total{class=\"" + std::to_string(c) + "xx\"} " +
           std::to_string(by_class_[c]) + "\n";
  out += "# HELP hrn_cache_entries Answers held in the cache.\n";
  out += "# TYPE hrn_cache_entries gauge\nhrn_cache_entries " +
         std::to_string(h.cache_entries) + "\n";
  http_response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = std::move(out);
  return r;
}

void router::count(int status) {
  const auto c = static_cast<std::size_t>(status / 100);
  if (c < by_class_.size()) ++by_class_[c];
}

}  // namespace hrn::api
