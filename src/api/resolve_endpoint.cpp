// GET and POST /v1/resolve: names in, answer objects out (DESIGN "HTTP API
// shape"). Each name goes through the answer service: cache, single-flight,
// the lookup dispatcher.
#include <boost/json.hpp>

#include "hrn/api/errors.hpp"
#include "hrn/api/json_views.hpp"
#include "hrn/api/query.hpp"
#include "hrn/api/router.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/gather.hpp"
#include "hrn/tor/errors.hpp"
#include "answer_text.hpp"
#include "router_parts.hpp"

namespace hrn::api {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// A batch is at most this many names: one request must not be able to
// start an unbounded number of lookups.
constexpr std::size_t max_batch_names = 32;

struct one_answer {
  json::object body;
  int status = 200;
  // A served answer already rendered as text (GET's hot path); `body` is
  // empty then. (Braces: the aggregate initialisations above stop before it.)
  std::string text{};
};

one_answer failed(json::object body, const error& e) {
  body["status"] = "error";
  body["error"] = {{"code", e.code}, {"message", e.message}};
  return {std::move(body), http_status_for(e.code)};
}

// `as_text`: render a served answer straight to text (one name per response)
// rather than as an object to put in a batch.
asio::awaitable<one_answer> answer_name(resolve::answer_service* answers, std::string raw, bool proof,
                                        std::function<std::uint64_t()> now, bool as_text) {
  auto address = name::parse(raw);
  if (!address) co_return failed(json::object{{"name", raw}}, address.err());
  if (!answers)
    co_return one_answer{failed_answer_json(*address, make_error(tor::errc::tor_not_ready,
                                                                   "this relay has no resolver running")),
                         503};
  auto served = co_await answers->resolve(*address);
  if (!served) co_return one_answer{failed_answer_json(*address, served.err()), http_status_for(served.err().code)};
  if (as_text) {
    one_answer one;
    one.text = served_answer_text(*address, *served, now(), proof);
    co_return one;
  }
  co_return one_answer{served_answer_json(*address, *served, now(), proof), 200};
}

http_response rate_limited(std::chrono::seconds retry_after) {
  auto r = error_response(make_error(errc::rate_limited, "too many lookups from this client; slow down"));
  r.headers.emplace_back("Retry-After", std::to_string(std::max<long long>(1, retry_after.count())));
  return r;
}

}  // namespace

asio::awaitable<http_response> router::resolve_get(const http_request& request) {
  auto name = query_param(request.target, "name");
  if (!name) co_return error_response(name.err());
  if (!*name)
    co_return error_response(make_error(errc::missing_name, "give the name: /v1/resolve?name=user@domain"));
  auto proof = query_flag(request.target, "proof");
  if (!proof) co_return error_response(proof.err());
  if (parts_.admit)
    if (auto wait = parts_.admit(request, 1)) co_return rate_limited(*wait);
  auto one = co_await answer_name(parts_.answers, std::move(**name), *proof, parts_.unix_now, true);
  if (one.text.empty()) co_return json_response(one.status, one.body);
  http_response r;
  r.status = one.status;
  r.body = std::move(one.text);
  co_return r;
}

asio::awaitable<http_response> router::resolve_post(const http_request& request) {
  boost::system::error_code ec;
  auto doc = json::parse(request.body, ec);
  if (ec || !doc.is_object())
    co_return error_response(make_error(errc::bad_json, "the body must be a JSON object: {\"names\": [...], \"proof\": false}"));
  const auto& obj = doc.as_object();
  const auto* names = obj.if_contains("names");
  if (!names || !names->is_array())
    co_return error_response(make_error(errc::bad_request, "\"names\" must be an array of strings"));
  const auto& list = names->as_array();
  if (list.size() > max_batch_names)
    co_return error_response(make_error(errc::too_many_names, "at most " + std::to_string(max_batch_names) +
                                                                  " names per request"));
  bool proof = false;
  if (const auto* p = obj.if_contains("proof")) {
    if (!p->is_bool()) co_return error_response(make_error(errc::bad_request, "\"proof\" must be true or false"));
    proof = p->as_bool();
  }
  std::vector<std::string> raw;
  for (const auto& v : list) {
    if (!v.is_string()) co_return error_response(make_error(errc::bad_request, "\"names\" must hold strings only"));
    raw.emplace_back(v.as_string());
  }
  if (parts_.admit && !raw.empty())
    if (auto wait = parts_.admit(request, static_cast<unsigned>(raw.size()))) co_return rate_limited(*wait);
  std::vector<asio::awaitable<one_answer>> ops;
  for (auto& n : raw) ops.push_back(answer_name(parts_.answers, std::move(n), proof, parts_.unix_now, false));
  auto answers = co_await resolve::gather(std::move(ops));
  json::array results;
  for (auto& a : answers) results.emplace_back(std::move(a.body));
  co_return json_response(200, json::object{{"results", std::move(results)}});
}

}  // namespace hrn::api
