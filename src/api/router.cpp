#include "hrn/api/router.hpp"

#include <algorithm>
#include <cctype>

#include <boost/json.hpp>

#include "hrn/api/errors.hpp"
#include "hrn/api/json_views.hpp"
#include "hrn/api/padding.hpp"
#include "hrn/api/query.hpp"
#include "hrn/api/ussd.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "router_parts.hpp"

namespace hrn::api {
namespace {

constexpr std::string_view ussd_offer_prefix = "/v1/ussd/offer/";

endpoint endpoint_of(std::string_view method, std::string_view path) {
  if (path == "/healthz") return endpoint::healthz;
  if (path == "/metrics") return endpoint::metrics;
  if (path == "/v1/resolve") return method == "POST" ? endpoint::resolve_post : endpoint::resolve_get;
  if (path == "/v1/flag" || path == "/v1/flag.svg") return endpoint::flag;
  if (path == "/v1/ussd") return endpoint::ussd;
  if (path.starts_with(ussd_offer_prefix)) return endpoint::ussd_offer;
  if (path == "/" || path == "/pay") return endpoint::web;
  if (path == "/dns-query") return endpoint::dns_query;
  if (path == "/resolve") return endpoint::json_doh;
  if (path == "/dnssecproof") return endpoint::dnssecproof;
  return endpoint::other;
}

// Browser wallets read the wallet endpoints from other origins; nothing
// there uses cookies or credentials, so any origin may (Fetch standard,
// CORS). Every response says so, errors included: without the header a
// script sees a 400's error code or a 429 only as a network failure. Retry-After
// is not a CORS-safelisted response header, so it is exposed by name.
void open_to_any_origin(http_response& r) {
  const auto has = [&r](std::string_view name) {
    return std::any_of(r.headers.begin(), r.headers.end(), [name](const auto& h) {
      return std::equal(h.first.begin(), h.first.end(), name.begin(), name.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                    std::tolower(static_cast<unsigned char>(b)); });
    });
  };
  if (!has("Access-Control-Allow-Origin")) r.headers.emplace_back("Access-Control-Allow-Origin", "*");
  if (has("Retry-After")) r.headers.emplace_back("Access-Control-Expose-Headers", "Retry-After");
}

std::uint64_t system_now() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace

http_response json_response(int status, const boost::json::object& body) {
  http_response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

http_response error_response(const error& e) { return json_response(http_status_for_error(e), error_json(e)); }

router::router(router_parts parts) : parts_(std::move(parts)) {
  if (!parts_.unix_now) parts_.unix_now = system_now;
}

namespace {
router_parts health_only(std::function<health_snapshot()> health) {
  router_parts parts;
  parts.health = std::move(health);
  return parts;
}
}  // namespace

router::router(std::function<health_snapshot()> health) : router(health_only(std::move(health))) {}

boost::asio::awaitable<http_response> router::handle(http_request request) {
  const auto started = std::chrono::steady_clock::now();
  const auto path = target_path(request.target);
  // /metrics is the operator's: its counters move when a client asks for a
  // name, so over the onion service (where the askers are) it does not exist.
  auto which = request.via_onion && path == "/metrics" ? endpoint::other : endpoint_of(request.method, path);
  // The USSD adapter is the gateway's, which reaches the relay directly:
  // over the onion service anyone could dial (a dial costs no token) where
  // no firewall of the operator's can keep them out.
  if ((which == endpoint::ussd || which == endpoint::ussd_offer) && (!parts_.ussd || request.via_onion))
    which = endpoint::other;
  http_response response;
  const auto only = [&](std::string_view allowed) {
    response = error_response(make_error(errc::method_not_allowed, "use " + std::string(allowed)));
    response.headers.emplace_back("Allow", std::string(allowed));
  };
  switch (which) {
    case endpoint::healthz:
    case endpoint::metrics:
      if (request.method != "GET")
        only("GET");
      else
        response = which == endpoint::healthz ? healthz(request.via_onion) : render_metrics();
      break;
    case endpoint::resolve_get:
      if (request.method != "GET") {
        only("GET, POST");
      } else {
        auto r = co_await resolve_get(request);
        response = std::move(r);
      }
      break;
    case endpoint::resolve_post: {
      auto r = co_await resolve_post(request);
      response = std::move(r);
      break;
    }
    case endpoint::flag:
      if (request.method != "GET")
        only("GET");
      else
        response = flag_endpoint(request, path == "/v1/flag.svg");
      break;
    case endpoint::ussd:
      if (request.method != "POST") {
        only("POST");
      } else {
        auto op = parts_.ussd->menu(std::move(request), &parts_, [this] { return current_tips(); });
        response = co_await std::move(op);
      }
      break;
    case endpoint::ussd_offer:
      if (request.method != "GET")
        only("GET");
      else
        response = parts_.ussd->offer(path.substr(ussd_offer_prefix.size()), parts_.unix_now());
      break;
    case endpoint::web:
      if (request.method != "GET") {
        only("GET");
      } else {
        auto r = co_await web_get(request);
        response = std::move(r);
      }
      break;
    case endpoint::dns_query:
    case endpoint::json_doh:
    case endpoint::dnssecproof:
      if (request.method == "OPTIONS") {
        // A browser's CORS preflight (a POST of application/dns-message is
        // not a "simple" request): any origin, no credentials.
        response.status = 204;
        response.content_type.clear();
        response.headers = {{"Access-Control-Allow-Methods", which == endpoint::dns_query ? "GET, POST, OPTIONS" : "GET, OPTIONS"},
                            {"Access-Control-Allow-Headers", "Content-Type, Accept"},
                            {"Access-Control-Max-Age", "86400"}};
      } else if (request.method != "GET" && !(which == endpoint::dns_query && request.method == "POST")) {
        only(which == endpoint::dns_query ? "GET, POST" : "GET");
      } else {
        auto op = which == endpoint::dns_query  ? dns_query(request)
                  : which == endpoint::json_doh ? json_resolve(request)
                                                : dnssec_proof(request);
        response = co_await std::move(op);
      }
      open_to_any_origin(response);
      break;
    case endpoint::other:
      response = error_response(make_error(errc::not_found, "no such endpoint; see GET /healthz"));
      break;
  }
  // Every answer a client gets is padded to a size bucket; /metrics is the
  // operator's and is not (nor is it served over the onion service). Nor is
  // a USSD screen: the protocol carries at most 182 characters, and the link
  // it travels (relay to gateway) is the operator's own, not the payer's.
  // Binary answers are not: a DNS message pads itself (EDNS padding, RFC
  // 8467), and an RFC 9102 chain has no room for filler a verifier would skip.
  const bool binary = response.content_type == "application/dns-message" ||
                      response.content_type == "application/octet-stream" || response.status == 204;
  if (which != endpoint::metrics && which != endpoint::ussd && !binary) pad_body(response.body);
  // A wallet's binary answer (a DoH message, which pads itself only when the
  // query had an OPT RR, RFC 6891 §7 and RFC 7830 §3; an RFC 9102 proof,
  // which cannot) would otherwise give the asked name away by its size to
  // whoever watches the encrypted link (DESIGN.md, privacy mechanism 7): its
  // filler goes in a header field, which TLS hides along with the body.
  const bool wallet = which == endpoint::dns_query || which == endpoint::json_doh || which == endpoint::dnssecproof;
  if (wallet && binary && response.status != 204)
    response.headers.emplace_back("Padding", std::string(header_padding_for(response.body.size()), 'x'));
  metrics_.record(which, response.status, std::chrono::steady_clock::now() - started);
  co_return response;
}

flag::tip_state router::current_tips() const {
  if (parts_.tips) return parts_.tips();
  return {std::nullopt, "no block source configured (--blocks)"};
}

http_response router::healthz(bool via_onion) const {
  const auto h = parts_.health();
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
  // Not over the onion service: a count that grows when someone asks for a
  // new name would tell a watcher when lookups are real.
  // Without Redis the relay serves on alone: working, but degraded.
  const auto shared = parts_.shared_cache ? std::optional(parts_.shared_cache()) : std::nullopt;
  if (shared && !shared->up) body["status"] = "degraded";
  if (!via_onion) {
    boost::json::object cache{{"backend", shared ? "redis" : "memory"},
                              {"entries", h.cache_entries},
                              {"bytes", h.cache_bytes},
                              {"max_bytes", h.cache_max_bytes}};
    if (shared) cache["shared"] = shared_cache_health(*shared);
    body["cache"] = std::move(cache);
  }
  if (!via_onion) body["blocks"] = blocks_health(h, current_tips(), parts_.unix_now());
  return json_response(200, body);
}

http_response router::render_metrics() const {
  const auto h = parts_.health();
  std::string out;
  metric_header(out, "hrn_up", "gauge", "Whether the relay process is serving.");
  metric_line(out, "hrn_up", "", 1);
  metric_header(out, "hrn_uptime_seconds", "gauge", "Seconds since the relay started.");
  metric_line(out, "hrn_uptime_seconds", "", static_cast<double>(h.uptime_seconds));
  metric_header(out, "hrn_tor_ready", "gauge", "1 when tor can carry lookups (or --direct).");
  metric_line(out, "hrn_tor_ready", "", h.resolver_available ? 1 : 0);
  metric_header(out, "hrn_tor_bootstrap_percent", "gauge", "Tor's bootstrap progress.");
  metric_line(out, "hrn_tor_bootstrap_percent", "", h.tor_progress);
  metrics_.render(out);
  render_blocks_metrics(h, current_tips(), parts_.unix_now(), out);
  if (parts_.scheduler) render_scheduler_metrics(*parts_.scheduler, out);
  if (parts_.shared_cache) render_shared_cache_metrics(parts_.shared_cache(), out);
  if (parts_.connections) {
    const auto c = parts_.connections();
    metric_header(out, "hrn_http_connections_open", "gauge", "HTTP connections open now.");
    metric_line(out, "hrn_http_connections_open", "", static_cast<double>(c.open_connections));
    metric_header(out, "hrn_http_connections_total", "counter",
                  "HTTP connections by fate: accepted, refused (server full / address cap), timed out.");
    metric_line(out, "hrn_http_connections_total", "result=\"accepted\"", static_cast<double>(c.accepted));
    metric_line(out, "hrn_http_connections_total", "result=\"refused_full\"", static_cast<double>(c.refused_full));
    metric_line(out, "hrn_http_connections_total", "result=\"refused_per_address\"",
                static_cast<double>(c.refused_per_address));
    metric_line(out, "hrn_http_connections_total", "result=\"timed_out\"", static_cast<double>(c.timed_out));
    metric_header(out, "hrn_http_listener_requests_total", "counter", "Requests read, by listener (clear or onion).");
    metric_line(out, "hrn_http_listener_requests_total", "listener=\"clear\"", static_cast<double>(c.requests_clear));
    metric_line(out, "hrn_http_listener_requests_total", "listener=\"onion\"", static_cast<double>(c.requests_onion));
    metric_header(out, "hrn_http_rejected_requests_total", "counter", "Malformed or over-limit requests (400/411/413/431).");
    metric_line(out, "hrn_http_rejected_requests_total", "", static_cast<double>(c.rejected_requests));
  }
  metric_header(out, "hrn_cache_entries", "gauge", "Answers held in the cache.");
  metric_line(out, "hrn_cache_entries", "", static_cast<double>(h.cache_entries));
  metric_header(out, "hrn_cache_bytes", "gauge", "Bytes the cache accounts for (bounded by --cache-max-bytes).");
  metric_line(out, "hrn_cache_bytes", "", static_cast<double>(h.cache_bytes));
  metric_header(out, "hrn_cache_evictions_total", "counter", "Entries evicted to stay within the byte bound.");
  metric_line(out, "hrn_cache_evictions_total", "", static_cast<double>(h.cache_evictions));
  if (parts_.answers) {
    const auto& c = parts_.answers->counters();
    metric_header(out, "hrn_cache_requests_total", "counter",
                  "Name requests by cache result: hit, miss, stale (served stale after a failed refresh), joined (waited for another request's lookup).");
    metric_line(out, "hrn_cache_requests_total", "result=\"hit\"", static_cast<double>(c.hits));
    metric_line(out, "hrn_cache_requests_total", "result=\"miss\"", static_cast<double>(c.misses));
    metric_line(out, "hrn_cache_requests_total", "result=\"stale\"", static_cast<double>(c.stale_served));
    metric_line(out, "hrn_cache_requests_total", "result=\"joined\"", static_cast<double>(c.joined));
    metric_line(out, "hrn_cache_requests_total", "result=\"busy\"", static_cast<double>(c.busy));
    metric_header(out, "hrn_lookups_total", "counter", "Lookups sent upstream, by outcome (ok, not_found or the error code).");
    for (const auto& [outcome, n] : c.lookups)
      metric_line(out, "hrn_lookups_total", "outcome=\"" + outcome + "\"", static_cast<double>(n));
    metric_header(out, "hrn_upstream_round_trips_total", "counter", "Upstream round trips of the lookups that answered.");
    metric_line(out, "hrn_upstream_round_trips_total", "", static_cast<double>(c.upstream_round_trips));
    metric_header(out, "hrn_lookups_in_flight", "gauge", "Lookups under way now.");
    metric_line(out, "hrn_lookups_in_flight", "", static_cast<double>(parts_.answers->lookups_in_flight()));
  }
  http_response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = std::move(out);
  return r;
}

}  // namespace hrn::api
