// Hand-made offers for the field rules of BOLT 12 "Requirements For Offers"
// (reader side), each one well-formed except for the rule under test.
#include <algorithm>

#include "hrn/bolt12/errors.hpp"
#include "hrn/bolt12/offer.hpp"
#include "test_helpers.hpp"

using namespace hrn;
using namespace hrn::bolt12;
using namespace hrn::bolt12::test;

namespace {

tlv_record description() { return text_rec(offer_type::description, "Test vectors"); }
tlv_record issuer_id() { return rec(offer_type::issuer_id, key_a); }

// Decodes `fields` plus a description and an issuer_id, in type order.
result<offer> with(std::vector<tlv_record> fields) {
  fields.push_back(description());
  fields.push_back(issuer_id());
  std::stable_sort(fields.begin(), fields.end(),
                   [](const tlv_record& a, const tlv_record& b) { return a.type < b.type; });
  return decode_offer(lno(fields));
}

result<offer> exactly(const std::vector<tlv_record>& records) { return decode_offer(lno(records)); }

std::string code(const result<offer>& r) { return r ? std::string("ok") : r.err().code; }

}  // namespace

TEST_CASE("offer: a decoded offer exposes every field") {
  auto o = exactly({
      rec(offer_type::chains, "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000"
                              "43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000"),
      rec(offer_type::metadata, "c0ffee"),
      text_rec(offer_type::currency, "EUR"),
      rec(offer_type::amount, "0100"),
      text_rec(offer_type::description, "coffee \xe2\x82\xbf"),
      rec(offer_type::features, "02"),
      rec(offer_type::absolute_expiry, "7a4297d8"),
      text_rec(offer_type::issuer, "example.com"),
      rec(offer_type::quantity_max, "05"),
      issuer_id(),
      text_rec(33, "odd"),
  });
  REQUIRE(o.ok());
  REQUIRE(o->chains.size() == 2);
  CHECK(to_hex(o->chains[1]) == "43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000");
  CHECK(to_hex(*o->metadata) == "c0ffee");
  CHECK(o->currency == "EUR");
  CHECK(o->amount == 256u);
  CHECK(o->description == "coffee \xe2\x82\xbf");
  CHECK(to_hex(*o->features) == "02");
  CHECK(o->absolute_expiry == 0x7a4297d8u);
  CHECK(o->issuer == "example.com");
  CHECK(o->quantity_max == 5u);
  CHECK(to_hex(*o->issuer_id) == key_a);
  CHECK(o->paths.empty());
  REQUIRE(o->records.size() == 11);
  CHECK(o->records.back() == text_rec(33, "odd"));
}

TEST_CASE("offer: type ranges and unknown types") {
  // Allowed: 1-79 and 1000000000-1999999999; odd unknown types are kept.
  for (std::uint64_t t : {1ull, 33ull, 79ull, 1000000001ull, 1999999999ull}) {
    INFO("type " << t);
    auto o = t < offer_type::description ? exactly({rec(t, "00"), description(), issuer_id()})
                                         : exactly({description(), issuer_id(), rec(t, "00")});
    REQUIRE(o.ok());
    CHECK(o->records.size() == 3);
  }
  for (std::uint64_t t : {0ull, 80ull, 81ull, 240ull, 999999999ull, 2000000000ull, 2000000001ull,
                          18446744073709551615ull}) {
    INFO("type " << t);
    auto o = t == 0 ? exactly({rec(0, ""), description(), issuer_id()})
                    : exactly({description(), issuer_id(), rec(t, "")});
    CHECK(code(o) == errc::type_out_of_range);
  }
  for (std::uint64_t t : {24ull, 78ull, 1000000000ull, 1000000002ull, 1999999998ull}) {
    INFO("type " << t);
    CHECK(code(exactly({description(), issuer_id(), rec(t, "")})) == errc::unknown_even_type);
  }
  // Not minimally encoded type or length of an otherwise fine record.
  CHECK(code(decode_offer(lno_bytes(hx("0a0c5465737420766563746f7273 fd0016 21" + std::string(key_a))))) ==
        errc::bad_tlv);
  CHECK(code(decode_offer(lno_bytes(hx("0a0c5465737420766563746f7273 16 fd0021" + std::string(key_a))))) ==
        errc::bad_tlv);
  // Out of order and duplicate.
  CHECK(code(exactly({issuer_id(), description()})) == errc::bad_tlv);
  CHECK(code(exactly({description(), description(), issuer_id()})) == errc::bad_tlv);
}

TEST_CASE("offer: offer_chains") {
  CHECK(code(with({rec(offer_type::chains, "")})) == errc::bad_field);
  CHECK(code(with({rec(offer_type::chains, std::string(66, '0'))})) == errc::bad_field);  // 33 bytes
  CHECK(code(with({rec(offer_type::chains, std::string(128, 'a'))})) == "ok");            // 2 chains
}

TEST_CASE("offer: offer_currency is three upper-case letters and needs an amount") {
  auto priced = [](std::string_view currency) {
    return with({text_rec(offer_type::currency, currency), rec(offer_type::amount, "64")});
  };
  CHECK(code(priced("USD")) == "ok");
  CHECK(code(priced("usd")) == errc::bad_field);
  CHECK(code(priced("US")) == errc::bad_field);
  CHECK(code(priced("USDT")) == errc::bad_field);
  CHECK(code(priced("U1D")) == errc::bad_field);
  CHECK(code(priced("")) == errc::bad_field);
  CHECK(code(priced("\xc3\x9cSD")) == errc::bad_field);  // valid UTF-8, not ISO 4217
  CHECK(code(priced("\xff\xfe\xfd")) == errc::bad_field);
  CHECK(code(with({text_rec(offer_type::currency, "USD")})) == errc::missing_field);
  auto msg = with({text_rec(offer_type::currency, "usd"), rec(offer_type::amount, "64")}).err().message;
  CHECK(msg.find("type 6") != std::string::npos);
}

TEST_CASE("offer: offer_amount is a minimal non-zero tu64 and needs a description") {
  CHECK(code(with({rec(offer_type::amount, "2710")})) == "ok");
  CHECK(code(with({rec(offer_type::amount, "")})) == errc::bad_field);      // zero
  CHECK(code(with({rec(offer_type::amount, "002710")})) == errc::bad_field);  // leading zero
  CHECK(code(with({rec(offer_type::amount, "010000000000000000")})) == errc::bad_field);  // 9 bytes
  // 21 million BTC in msat is the most an msat amount may be (BOLT 1).
  CHECK(code(with({rec(offer_type::amount, "1d24b2dfac520000")})) == "ok");
  CHECK(code(with({rec(offer_type::amount, "1d24b2dfac520001")})) == errc::bad_field);
  // With a currency the unit is not msat, so no such cap.
  CHECK(code(with({text_rec(offer_type::currency, "JPY"), rec(offer_type::amount, "ffffffffffffffff")})) ==
        "ok");
  // An amount needs a description; an empty description is still one.
  CHECK(code(exactly({rec(offer_type::amount, "2710"), issuer_id()})) == errc::missing_field);
  CHECK(code(exactly({rec(offer_type::amount, "2710"), text_rec(offer_type::description, ""), issuer_id()})) ==
        "ok");
  auto zero = with({rec(offer_type::amount, "")});
  CHECK(zero.err().message.find("type 8") != std::string::npos);
}

TEST_CASE("offer: description and issuer must be valid UTF-8") {
  const char* good[] = {"", "plain", "caf\xc3\xa9", "\xe2\x82\xbf", "\xf0\x9f\x99\x82", "\xf4\x8f\xbf\xbf"};
  const char* bad[] = {"\x80",             "\xc0\xaf",         "\xc1\xbf",     "\xe0\x80\xaf",
                       "\xed\xa0\x80",     "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",
                       "\xe2\x82",         "\xf0\x9f\x99",     "abc\xff"};
  for (auto t : good) {
    INFO(to_hex(as_bytes(t)));
    CHECK(code(exactly({text_rec(offer_type::description, t), issuer_id()})) == "ok");
    CHECK(code(with({text_rec(offer_type::issuer, t)})) == "ok");
  }
  for (auto t : bad) {
    INFO(to_hex(as_bytes(t)));
    CHECK(code(exactly({text_rec(offer_type::description, t), issuer_id()})) == errc::bad_field);
    CHECK(code(with({text_rec(offer_type::issuer, t)})) == errc::bad_field);
  }
}

TEST_CASE("offer: offer_features: unknown even bits are refused, odd ones ignored") {
  CHECK(code(with({rec(offer_type::features, "")})) == "ok");
  CHECK(code(with({rec(offer_type::features, "02")})) == "ok");    // bit 1
  CHECK(code(with({rec(offer_type::features, "0000aa")})) == "ok");  // bits 1, 3, 5, 7
  CHECK(code(with({rec(offer_type::features, "01")})) == errc::unknown_feature);    // bit 0
  CHECK(code(with({rec(offer_type::features, "0100")})) == errc::unknown_feature);  // bit 8
  auto r = with({rec(offer_type::features, "04000000000000000000000000000000")});
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::unknown_feature);
  CHECK(r.err().message.find("122") != std::string::npos);
  CHECK(feature_bits(hx("08000000000000000000000000")) == std::vector<std::uint32_t>{99});
  CHECK(feature_bits(hx("8001")) == std::vector<std::uint32_t>{0, 15});
}

TEST_CASE("offer: offer_absolute_expiry and offer_quantity_max are minimal tu64") {
  CHECK(with({rec(offer_type::absolute_expiry, "")})->absolute_expiry == 0u);
  CHECK(code(with({rec(offer_type::absolute_expiry, "007a4297d8")})) == errc::bad_field);
  CHECK(with({rec(offer_type::quantity_max, "")})->quantity_max == 0u);  // unlimited
  CHECK(code(with({rec(offer_type::quantity_max, "00")})) == errc::bad_field);
  CHECK(code(with({rec(offer_type::quantity_max, "0102030405060708ff")})) == errc::bad_field);
}

TEST_CASE("offer: offer_issuer_id is a valid point, or paths are needed") {
  auto id = [](std::string_view hex) {
    return exactly({description(), rec(offer_type::issuer_id, hex)});
  };
  CHECK(code(id(key_b)) == "ok");
  CHECK(code(id(key_a.substr(0, 64))) == errc::bad_field);  // 32 bytes
  CHECK(code(id(std::string(key_a) + "00")) == errc::bad_field);
  CHECK(code(id(not_a_point)) == errc::bad_point);
  CHECK(code(id("04" + std::string(key_a.substr(2)))) == errc::bad_point);
  auto r = id(not_a_point);
  CHECK(r.err().message.find("type 22") != std::string::npos);
  CHECK(code(exactly({description()})) == errc::missing_field);
  CHECK(code(exactly({})) == errc::missing_field);
}
