// GET and POST /v1/resolve: names in, answer objects out (DESIGN "HTTP API
// shape"). Each name goes through the answer service: cache, single-flight,
// the lookup dispatcher.
#include <boost/json.hpp>

#include "hrn/api/accept.hpp"
#include "hrn/api/errors.hpp"
#include "hrn/api/json_views.hpp"
#include "hrn/api/query.hpp"
#include "hrn/api/router.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/gather.hpp"
#include "hrn/tor/errors.hpp"
#include "hrn/util/utf8.hpp"
#include "hrn/api/plain_text.hpp"
#include "answer_text.hpp"
#include "hrn/api/payment_view.hpp"
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

// A name as the client sent it, for the answer object of a name that does
// not parse: JSON carries only valid UTF-8, so anything else is left out.
json::value echo_name(const std::string& raw) {
  if (!utf8::is_valid(raw)) return nullptr;
  return json::string(raw);
}

one_answer failed(json::object body, const error& e) {
  body["status"] = "error";
  body["error"] = {{"code", e.code}, {"message", e.message}};
  return {std::move(body), http_status_for(e.code)};
}

enum class shape {
  object,  // a JSON object, to put in a batch
  json,    // JSON text (GET's hot path)
  plain,   // the plain-text lines for gateways (answer_plain.hpp)
};

asio::awaitable<one_answer> answer_name(resolve::answer_service* answers, std::string raw, bool proof,
                                        std::function<std::uint64_t()> now, shape as,
                                        std::function<asio::awaitable<void>()> hold_hit,
                                        std::function<flag::tip_state()> tips) {
  auto address = name::parse(raw);
  if (!address) co_return failed(json::object{{"name", echo_name(raw)}}, address.err());
  if (!answers)
    co_return one_answer{failed_answer_json(*address, make_error(tor::errc::tor_not_ready,
                                                                   "this relay has no resolver running")),
                         503};
  auto resolving = answers->resolve(*address);  // named local: g++ 12 (see answer_service.cpp)
  auto served = co_await std::move(resolving);
  if (!served) {
    one_answer failure{failed_answer_json(*address, served.err()), http_status_for(served.err().code)};
    if (as == shape::plain) failure.text = plain_error(served.err());
    co_return failure;
  }
  if (served->cached && hold_hit) {
    // A hit leaves at a round boundary, as a miss's lookup starts at one.
    auto holding = hold_hit();
    co_await std::move(holding);
  }
  const auto tip = tips();
  one_answer one;
  if (as == shape::json)
    one.text = served_answer_text(*address, *served, now(), proof, tip);
  else if (as == shape::plain)
    one.text = plain_answer(make_payment_view(*address, *served->answer, tip));
  else
    one.body = served_answer_json(*address, *served, now(), proof, tip);
  co_return one;
}

// ?format=text|json wins; otherwise an Accept that ranks text/plain above
// JSON gets text. True: text.
result<bool> wants_text(const http_request& request) {
  auto format = query_param(request.target, "format");
  if (!format) return format.err();
  if (*format) {
    if (**format == "text") return true;
    if (**format == "json") return false;
    return make_error(errc::bad_request, "format must be json or text");
  }
  return accept_prefers_text(request.accept);
}

// The error a failed answer object carries (a name that does not parse).
error error_of(const json::object& failed) {
  const auto& e = failed.at("error").as_object();
  return error{std::string(e.at("code").as_string()), std::string(e.at("message").as_string())};
}

http_response rate_limited(std::chrono::seconds retry_after) {
  auto r = error_response(make_error(errc::rate_limited, "too many lookups from this client; slow down"));
  r.headers.emplace_back("Retry-After", std::to_string(std::max<long long>(1, retry_after.count())));
  return r;
}

}  // namespace

asio::awaitable<http_response> router::resolve_get(const http_request& request) {
  auto as_text = wants_text(request);
  const bool text = as_text && *as_text;
  // The same status as JSON, the body as "ERR code message" when text was asked for.
  const auto refuse = [text](http_response r, const error& e) {
    if (text) {
      r.body = plain_error(e);
      r.content_type = plain_content_type;
    }
    return r;
  };
  if (!as_text) co_return error_response(as_text.err());
  auto name = query_param(request.target, "name");
  if (!name) co_return refuse(error_response(name.err()), name.err());
  if (!*name) {
    const auto e = make_error(errc::missing_name, "give the name: /v1/resolve?name=user@domain");
    co_return refuse(error_response(e), e);
  }
  auto proof = query_flag(request.target, "proof");
  if (!proof) co_return refuse(error_response(proof.err()), proof.err());
  if (parts_.admit)
    if (auto wait = parts_.admit(request, 1))
      co_return refuse(rate_limited(*wait), make_error(errc::rate_limited, "too many lookups from this client; slow down"));
  auto answering = answer_name(parts_.answers, std::move(**name), *proof, parts_.unix_now,
                               text ? shape::plain : shape::json, parts_.hold_hit,
                               [this] { return current_tips(); });
  auto one = co_await std::move(answering);
  http_response r;
  r.status = one.status;
  if (text) {
    r.content_type = plain_content_type;
    r.body = one.text.empty() ? plain_error(error_of(one.body)) : std::move(one.text);
  } else {
    r.body = one.text.empty() ? json::serialize(one.body) : std::move(one.text);
  }
  co_return r;
}

namespace {

struct batch {
  std::vector<std::string> names;
  bool proof = false;
};

// The body of POST /v1/resolve, read into plain values, so that neither the
// body nor its parsed form stays in memory while the lookups run.
result<batch> parse_batch(const std::string& body) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 8;  // {"names": [...]} needs 2; deeper is not ours
  auto doc = json::parse(body, ec, {}, options);
  if (ec || !doc.is_object())
    return make_error(errc::bad_json, "the body must be a JSON object: {\"names\": [...], \"proof\": false}");
  const auto& obj = doc.as_object();
  const auto* names = obj.if_contains("names");
  if (!names || !names->is_array())
    return make_error(errc::bad_request, "\"names\" must be an array of strings");
  const auto& list = names->as_array();
  if (list.size() > max_batch_names)
    return make_error(errc::too_many_names, "at most " + std::to_string(max_batch_names) + " names per request");
  batch out;
  if (const auto* p = obj.if_contains("proof")) {
    if (!p->is_bool()) return make_error(errc::bad_request, "\"proof\" must be true or false");
    out.proof = p->as_bool();
  }
  for (const auto& v : list) {
    if (!v.is_string()) return make_error(errc::bad_request, "\"names\" must hold strings only");
    out.names.emplace_back(v.as_string());
  }
  return out;
}

}  // namespace

asio::awaitable<http_response> router::resolve_post(http_request& request) {
  auto parsed = parse_batch(request.body);
  std::string().swap(request.body);  // not needed while the lookups run
  if (!parsed) co_return error_response(parsed.err());
  auto& b = *parsed;
  if (parts_.admit && !b.names.empty())
    if (auto wait = parts_.admit(request, static_cast<unsigned>(b.names.size()))) co_return rate_limited(*wait);
  std::vector<asio::awaitable<one_answer>> ops;
  for (auto& n : b.names)
    ops.push_back(answer_name(parts_.answers, std::move(n), b.proof, parts_.unix_now, shape::object, parts_.hold_hit,
                              [this] { return current_tips(); }));
  auto answers = co_await resolve::gather(std::move(ops));
  json::array results;
  for (auto& a : answers) results.emplace_back(std::move(a.body));
  co_return json_response(200, json::object{{"results", std::move(results)}});
}

}  // namespace hrn::api
