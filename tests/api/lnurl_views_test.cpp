// A Lightning Address answer (source "lnurl") in every view: JSON (object
// and fast path alike), plain text, the web page, the SMS; and the
// fallback's errors through the one status table.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "hrn/api/json_views.hpp"
#include "hrn/api/status_table.hpp"
#include "hrn/lnurl/errors.hpp"
#include "hrn/phone/sms.hpp"
#include "support/router_world.hpp"

using namespace hrn;
using test_support::run_sync;
using world = test_support::router_world;

namespace {

lnurl::pay_request sample_pay(bool same_domain = true) {
  lnurl::pay_request p;
  p.callback = same_domain ? "https://example.com/lnurlp/alice/cb" : "https://pay.other.test/cb";
  p.callback_host = same_domain ? "example.com" : "pay.other.test";
  p.callback_domain_matches = same_domain;
  p.min_sendable = 1000;
  p.max_sendable = 2'500'500;
  p.metadata = R"([["text/plain","Tea for alice"]])";
  p.description = "Tea for alice";
  p.comment_allowed = 64;
  return p;
}

resolve::bip353_resolution lnurl_answer(bool same_domain = true) {
  resolve::bip353_resolution r;
  r.found = false;  // BIP 353 proved the name absent
  r.ttl = 300;
  r.expires = test_support::t0 + 30 * 86400;
  r.proof = bytes(80, 0xcd);
  r.lightning_address = sample_pay(same_domain);
  return r;
}

boost::json::object parse(const api::http_response& r) { return boost::json::parse(r.body).as_object(); }
std::string trimmed(const std::string& body) { return body.substr(0, body.find_last_not_of(' ') + 1); }

}  // namespace

TEST_CASE("an lnurl answer is ok, source lnurl, with its lnurl object and no BOLT 12 fields") {
  world w;
  w.dispatcher.script = {lnurl_answer()};
  auto first = w.get("/v1/resolve?name=alice@example.com");
  CHECK(first.status == 200);
  auto o = parse(first);
  CHECK(o.at("status").as_string() == "ok");
  CHECK(o.at("source").as_string() == "lnurl");
  CHECK(o.at("uri").is_null());
  CHECK(o.at("offer").is_null());
  CHECK(o.at("offer_info").is_null());
  CHECK(o.at("flag").is_null());
  const auto& l = o.at("lnurl").as_object();
  CHECK(l.at("callback").as_string() == "https://example.com/lnurlp/alice/cb");
  CHECK(l.at("callback_host").as_string() == "example.com");
  CHECK(l.at("callback_domain_matches").as_bool());
  CHECK(l.at("min_sendable").to_number<std::uint64_t>() == 1000);
  CHECK(l.at("max_sendable").to_number<std::uint64_t>() == 2'500'500);
  CHECK(l.at("description").as_string() == "Tea for alice");
  CHECK(l.at("metadata").as_string() == R"([["text/plain","Tea for alice"]])");
  CHECK(l.at("identifier").is_null());
  CHECK(l.at("comment_allowed").to_number<std::uint64_t>() == 64);
  // A hit takes the fast path: the same bytes as the object.
  auto hit = w.get("/v1/resolve?name=alice@example.com");
  CHECK(parse(hit).at("cached").as_bool());
  CHECK(w.dispatcher.calls == 1);
  auto address = name::parse("alice@example.com");
  auto served = run_sync(w.answers.resolve(*address));
  CHECK(trimmed(hit.body) == boost::json::serialize(api::served_answer_json(*address, *served, w.now, false, w.tips)));
  // The SMS confirms the name, the range and the description, in one SMS.
  const std::string sms(o.at("sms").as_string());
  CHECK(phone::gsm7_septets(sms) <= 160);
  CHECK(sms.find("alice@example.com") != std::string::npos);
  CHECK(sms.find("1-2500.5 sat") != std::string::npos);
  CHECK(sms.find("Tea for alice") != std::string::npos);
}

TEST_CASE("plain text of an lnurl answer: SOURCE lnurl, the range, the callback, and no OFFER, URI or FLAG") {
  world w;
  w.dispatcher.script = {lnurl_answer(false)};
  auto r = w.get("/v1/resolve?name=alice@example.com&format=text");
  CHECK(r.status == 200);
  const auto text = trimmed(r.body);
  CHECK(text.rfind("OK ₿alice@example.com\nSOURCE lnurl\nDESC Tea for alice\nAMOUNT 1-2500.5 sat\n", 0) == 0);
  CHECK(text.find("\nCALLBACK https://pay.other.test/cb\n") != std::string::npos);
  CHECK(text.find("\nCALLBACK_HOST pay.other.test other-domain\n") != std::string::npos);
  CHECK(text.find("\nNOFLAG ") != std::string::npos);
  CHECK(text.find("\nOFFER") == std::string::npos);
  CHECK(text.find("\nURI") == std::string::npos);
  CHECK(text.find("\nFLAG") == std::string::npos);
}

TEST_CASE("the web page of an lnurl answer shows the Lightning Address, no offer or QR code") {
  world w;
  w.dispatcher.script = {lnurl_answer(false)};
  auto r = w.get("/pay?name=alice@example.com");
  CHECK(r.status == 200);
  CHECK(r.body.find("Lightning Address") != std::string::npos);
  CHECK(r.body.find("pay.other.test") != std::string::npos);
  CHECK(r.body.find("another host than the name") != std::string::npos);
  CHECK(r.body.find("Copy offer") == std::string::npos);
  CHECK(r.body.find("<svg") == std::string::npos);
}

TEST_CASE("the fallback's errors: a slow server is 504, its other faults 502, never cached") {
  CHECK(api::http_status_for(lnurl::errc::lnurl_timeout) == 504);
  for (auto code : {lnurl::errc::lnurl_bad_json, lnurl::errc::lnurl_bad_tag, lnurl::errc::lnurl_bad_callback,
                    lnurl::errc::lnurl_bad_amounts, lnurl::errc::lnurl_bad_metadata, lnurl::errc::lnurl_too_large,
                    lnurl::errc::lnurl_http_status,
                    lnurl::errc::lnurl_unreachable})
    CHECK(api::http_status_for(code) == 502);
  world w;
  w.dispatcher.script = {make_error(lnurl::errc::lnurl_bad_json, "Lightning Address: the reply is not JSON"),
                         lnurl_answer()};
  auto bad = w.get("/v1/resolve?name=alice@example.com");
  CHECK(bad.status == 502);
  CHECK(parse(bad).at("error").at("code").as_string() == "lnurl_bad_json");
  auto good = w.get("/v1/resolve?name=alice@example.com");
  CHECK(good.status == 200);
  CHECK(w.dispatcher.calls == 2);
}
