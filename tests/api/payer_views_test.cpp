// What a payer sees of an answer: payer note, node-id flag, plain text for
// gateways, and /v1/flag(.svg) — through the router, over the real answer
// service and cache.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "hrn/api/json_views.hpp"
#include "hrn/api/padding.hpp"
#include "hrn/api/payment_view.hpp"
#include "hrn/api/plain_text.hpp"
#include "hrn/bolt12/summary.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/flag/flag.hpp"
#include "hrn/phone/sms.hpp"
#include "hrn/util/bytes.hpp"
#include "support/router_world.hpp"

using namespace hrn;
using test_support::run_sync;
using world = test_support::router_world;

namespace {

// The node id of test_support::real_offer (its offer_issuer_id).
constexpr const char* real_issuer = "02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619";

boost::json::object parse(const api::http_response& r) { return boost::json::parse(r.body).as_object(); }

std::string trimmed(const std::string& body) { return body.substr(0, body.find_last_not_of(' ') + 1); }

flag::node_flag expected_flag(const world& w, std::uint32_t height) {
  auto id = from_hex(real_issuer);
  return *flag::make_flag(*id, *flag::hash_at(*w.tips.tip, height), height);
}

void serve_real_offer(world& w) {
  const std::string uri = std::string("bitcoin:?lno=") + test_support::real_offer;
  w.dispatcher.script = {test_support::found_answer(300, uri, test_support::real_offer)};
}

}  // namespace

TEST_CASE("answers carry the short code as payer_note and invreq_payer_note") {
  world w;
  serve_real_offer(w);
  auto o = parse(w.get("/v1/resolve?name=ALICE*EXAMPLE.COM%23Code9"));
  CHECK(o.at("payer_note").as_string() == "code9");
  CHECK(o.at("invreq_payer_note").as_string() == "code9");
  auto plain = parse(w.get("/v1/resolve?name=alice@example.com"));
  CHECK(plain.at("payer_note").is_null());
  CHECK(plain.at("invreq_payer_note").is_null());
}

TEST_CASE("the flag follows the block source's tip, and the fast text stays the object serialised") {
  world w;
  serve_real_offer(w);
  auto before = parse(w.get("/v1/resolve?name=alice@example.com"));
  CHECK(before.at("flag").is_null());
  CHECK(before.at("flag_reason").as_string() == "waiting for the block source's first answer");

  w.set_tip(840000, 6);
  for (std::uint32_t height : {840000u, 840001u}) {
    if (height == 840001) w.set_tip(height, 6);  // a new block changes the flag at once
    auto hit = w.get("/v1/resolve?name=alice@example.com");
    auto o = parse(hit);
    const auto want = expected_flag(w, height);
    const auto& f = o.at("flag").as_object();
    CHECK(f.at("height").as_int64() == height);
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(f.at("colours").as_array()[i].as_string() == flag::to_hex(want.colours[i]));
      CHECK(f.at("names").as_array()[i].as_string() == want.names[i]);
    }
    CHECK(f.at("previous").at("height").as_int64() == height - 1);
    CHECK(!o.contains("flag_reason"));
    auto address = name::parse("alice@example.com");
    auto served = run_sync(w.answers.resolve(*address));
    CHECK(trimmed(hit.body) == boost::json::serialize(api::served_answer_json(*address, *served, w.now, false, w.tips)));
  }
}

TEST_CASE("answers carry a one-SMS confirmation in the GSM alphabet") {
  world w;
  serve_real_offer(w);
  w.set_tip(840000, 6);
  auto o = parse(w.get("/v1/resolve?name=ALICE*EXAMPLE.COM%231234"));
  const std::string sms(o.at("sms").as_string());
  CHECK(phone::is_gsm7(sms));
  CHECK(phone::gsm7_septets(sms) <= 160);
  CHECK(sms.find("alice@example.com") != std::string::npos);
  CHECK(sms.find(api::flag_words(expected_flag(w, 840000))) != std::string::npos);
  CHECK(sms.find("1234") != std::string::npos);
  CHECK(sms.find("Test vectors") != std::string::npos);
  // Another short code on the same entry gets its own text.
  auto other = parse(w.get("/v1/resolve?name=alice@example.com%23zz9"));
  CHECK(std::string(other.at("sms").as_string()).find("zz9") != std::string::npos);
  CHECK(std::string(other.at("sms").as_string()).find("1234") == std::string::npos);
}

TEST_CASE("an offer without offer_issuer_id has no flag, and says why") {
  world w;
  w.set_tip(840000, 2);
  // The BOLT 12 vector with blinded paths and no issuer id.
  w.dispatcher.script = {test_support::found_answer(300)};  // lno1abc: does not decode
  auto o = parse(w.get("/v1/resolve?name=alice@example.com"));
  CHECK(o.at("flag").is_null());
  CHECK(!o.at("flag_reason").as_string().empty());
  auto view_reason = api::flag_for_issuer(std::nullopt, w.tips).reason;
  CHECK(view_reason.find("offer_issuer_id") != std::string::npos);
}

TEST_CASE("format=text answers one field per line, padded, with the JSON's status") {
  world w;
  serve_real_offer(w);
  w.set_tip(840000, 6);
  auto r = w.get("/v1/resolve?name=ALICE*EXAMPLE.COM%231234&format=text");
  REQUIRE(r.status == 200);
  CHECK(r.content_type == "text/plain; charset=utf-8");
  CHECK(api::padded_size(r.body.size()) == r.body.size());
  const auto text = trimmed(r.body) + "\n";
  const auto f = expected_flag(w, 840000);
  CHECK(text.rfind("OK ₿alice@example.com\n", 0) == 0);
  CHECK(text.find("\nDESC Test vectors\n") != std::string::npos);
  CHECK(text.find("\nAMOUNT any\n") != std::string::npos);
  CHECK(text.find("\nNOTE 1234\n") != std::string::npos);
  CHECK(text.find("\nFLAG " + api::flag_words(f) + "\n") != std::string::npos);
  CHECK(text.find("\nOFFER " + std::string(test_support::real_offer) + "\n") != std::string::npos);
  // Accept: text/plain asks for the same; format=json overrides it.
  CHECK(trimmed(w.get("/v1/resolve?name=ALICE*EXAMPLE.COM%231234", false, "text/plain").body) == trimmed(r.body));
  CHECK(w.get("/v1/resolve?name=alice@example.com&format=json", false, "text/plain").body.front() == '{');
  CHECK(w.get("/v1/resolve?name=alice@example.com&format=xml").status == 400);
}

TEST_CASE("text errors are ERR code message, with the status JSON would have") {
  world w;
  auto bad = w.get("/v1/resolve?name=alice%20smith@example.com&format=text");
  CHECK(bad.status == 400);
  CHECK(trimmed(bad.body).rfind("ERR bad_character ", 0) == 0);
  auto missing = w.get("/v1/resolve?format=text");
  CHECK(missing.status == 400);
  CHECK(trimmed(missing.body).rfind("ERR missing_name ", 0) == 0);
  w.dispatcher.script = {make_error(dns::errc::dnssec_bogus, "a signature does not verify")};
  auto bogus = w.get("/v1/resolve?name=alice@example.com&format=text");
  CHECK(bogus.status == 502);
  CHECK(trimmed(bogus.body) == "ERR dnssec_bogus a signature does not verify\n");
  CHECK(api::padded_size(bogus.body.size()) == bogus.body.size());
}

TEST_CASE("a name proven absent is NOT_FOUND in text") {
  world w;
  resolve::bip353_resolution absent;
  absent.found = false;
  absent.ttl = 60;
  absent.proof = bytes(50, 1);
  w.dispatcher.script = {absent};
  auto r = w.get("/v1/resolve?name=nobody@example.com&format=text");
  CHECK(r.status == 200);
  CHECK(trimmed(r.body) == "NOT_FOUND ₿nobody@example.com\nSMS No payment address at nobody@example.com\n");
}

TEST_CASE("a description cannot forge a field: line breaks become spaces") {
  api::payment_view v;
  v.found = true;
  v.display = "₿a@b.c";
  v.description = "Tea\nOFFER lno1evil\r\x85NOTE x\xe2\x80\xa8SMS y";
  v.flag.reason = "none";
  const auto text = api::plain_answer(v);
  CHECK(text.find("\nOFFER") == std::string::npos);
  CHECK(text.find("\nNOTE") == std::string::npos);
  CHECK(text.find("\nSMS") == std::string::npos);
}

TEST_CASE("GET /v1/flag and /v1/flag.svg: a node id's flag at the tip or a kept height") {
  world w;
  const std::string q = std::string("/v1/flag?node_id=") + real_issuer;
  auto none = w.get(q);
  CHECK(none.status == 503);
  CHECK(parse(none).at("error").at("code").as_string() == "no_block_source");
  w.set_tip(840005, 6);
  auto at_tip = parse(w.get(q));
  CHECK(at_tip.at("height").as_int64() == 840005);
  CHECK(at_tip.at("names").as_array()[0].as_string() == expected_flag(w, 840005).names[0]);
  auto older = parse(w.get(q + "&height=840000"));
  CHECK(older.at("height").as_int64() == 840000);
  CHECK(older.at("colours").as_array()[3].as_string() == flag::to_hex(expected_flag(w, 840000).colours[3]));
  CHECK(w.get(q + "&height=839999").status == 404);
  CHECK(w.get(q + "&height=12x").status == 400);
  CHECK(w.get(q + "&height=99999999999").status == 400);
  CHECK(w.get("/v1/flag?node_id=04eec7").status == 400);
  CHECK(w.get("/v1/flag").status == 400);
  auto svg = w.get(q + ".svg");  // not a path: still /v1/flag
  auto picture = w.get(std::string("/v1/flag.svg?node_id=") + real_issuer);
  REQUIRE(picture.status == 200);
  CHECK(picture.content_type == "image/svg+xml; charset=utf-8");
  CHECK(api::padded_size(picture.body.size()) == picture.body.size());
  CHECK(picture.body.find(flag::to_hex(expected_flag(w, 840005).colours[0])) != std::string::npos);
  CHECK(picture.body.find("block 840005") != std::string::npos);
  (void)svg;
}
