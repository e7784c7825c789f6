#include <catch2/catch.hpp>

#include "hrn/resolve/bip353.hpp"

using hrn::resolve::interpret_txt_rrset;
using hrn::resolve::txt_strings;

namespace {
// Valid offers from the official BOLT 12 vectors (tests/vectors/bolt12/offers-test.json).
const std::string minimal_offer = "lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese";
const std::string offer_with_description =
    "lno1pgx9getnwss8vetrw3hhyuckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg";
}  // namespace

TEST_CASE("bip353: strings of one RR join in RDATA order without separators") {
  const auto half = offer_with_description.size() / 2;
  std::vector<txt_strings> rrset{
      {"bitcoin:?lno=" + offer_with_description.substr(0, half), offer_with_description.substr(half)}};
  auto r = interpret_txt_rrset(rrset);
  REQUIRE(r);
  CHECK(r->uri == "bitcoin:?lno=" + offer_with_description);
  CHECK(r->offer_text == offer_with_description);
  REQUIRE(r->offer);
}

TEST_CASE("bip353: records not starting with bitcoin: are ignored, any case counts") {
  std::vector<txt_strings> rrset{{"v=spf1 -all"}, {"BitCoin:?LNO=" + minimal_offer}, {"hello"}};
  auto r = interpret_txt_rrset(rrset);
  REQUIRE(r);
  CHECK(r->uri == "BitCoin:?LNO=" + minimal_offer);
  CHECK(r->offer_text == minimal_offer);
}

TEST_CASE("bip353: two bitcoin: records are refused, never concatenated across RRs") {
  std::vector<txt_strings> two{{"bitcoin:?lno=" + minimal_offer}, {"bitcoin:bc1qexample"}};
  auto r = interpret_txt_rrset(two);
  REQUIRE_FALSE(r);
  CHECK(r.err().code == "multiple_bitcoin_records");

  // "bitcoin:" split across two RRs is not a bitcoin: record.
  std::vector<txt_strings> split{{"bitco"}, {"in:?lno=" + minimal_offer}};
  auto s = interpret_txt_rrset(split);
  REQUIRE_FALSE(s);
  CHECK(s.err().code == "no_bitcoin_record");
}

TEST_CASE("bip353: no bitcoin: record and empty RRsets") {
  CHECK(interpret_txt_rrset({}).err().code == "no_bitcoin_record");
  CHECK(interpret_txt_rrset({{"bitcoin"}}).err().code == "no_bitcoin_record");
  CHECK(interpret_txt_rrset({{""}}).err().code == "no_bitcoin_record");
}

TEST_CASE("bip353: a URI without lno= is ok with no offer (on-chain only or old keys)") {
  auto onchain = interpret_txt_rrset({{"bitcoin:bc1qztwy6xen3zdtt7z0vrgapmjtfz8acjkfp5fp7l"}});
  REQUIRE(onchain);
  CHECK_FALSE(onchain->offer);
  CHECK_FALSE(onchain->offer_text);
  auto old = interpret_txt_rrset({{"bitcoin:?b12=" + minimal_offer}});
  REQUIRE(old);
  CHECK_FALSE(old->offer);
  CHECK(old->uri == "bitcoin:?b12=" + minimal_offer);
}

TEST_CASE("bip353: an invalid lno= offer is invalid_offer") {
  auto bad = interpret_txt_rrset({{"bitcoin:?lno=lno1qqqq"}});
  REQUIRE_FALSE(bad);
  CHECK(bad.err().code == "invalid_offer");
  auto garbage = interpret_txt_rrset({{"bitcoin:?amount=1&lno=not-an-offer"}});
  REQUIRE_FALSE(garbage);
  CHECK(garbage.err().code == "invalid_offer");
}

TEST_CASE("bip353: query parameters are %-decoded, repeated lno= is refused") {
  auto enc = hrn::resolve::bip21_parameter("bitcoin:?label=a%20b&lno=x", "LABEL");
  REQUIRE(enc);
  CHECK(*enc == std::optional<std::string>("a b"));
  CHECK(hrn::resolve::bip21_parameter("bitcoin:?lno=a&lno=b", "lno").err().code == "bad_uri");
  CHECK(hrn::resolve::bip21_parameter("bitcoin:?lno=%4", "lno").err().code == "bad_uri");
  CHECK(hrn::resolve::bip21_parameter("bitcoin:?lno=%zz", "lno").err().code == "bad_uri");
  auto none = hrn::resolve::bip21_parameter("bitcoin:bc1q", "lno");
  REQUIRE(none);
  CHECK_FALSE(*none);
  auto with_sp = interpret_txt_rrset({{"bitcoin:?sp=sp1qq&lno=" + minimal_offer}});
  REQUIRE(with_sp);
  CHECK(with_sp->offer_text == minimal_offer);
}

TEST_CASE("bip353: a URI with a raw space, control or non-ASCII byte is bad_uri") {
  // Each would reach a client as-is: "\xc0\x8a" is an overlong line feed to a
  // lenient decoder, "\x85" a line break (NEL) in Latin-1, and neither is UTF-8.
  for (std::string bad : {std::string("bitcoin:?lno=") + minimal_offer + "&x=\xc0\x8a",
                          std::string("bitcoin:?label=caf\xc3\xa9&lno=") + minimal_offer,
                          std::string("bitcoin:?label=a b&lno=") + minimal_offer,
                          std::string("bitcoin:?lno=") + minimal_offer + "\x85" "FLAG 1 RED RED RED RED",
                          std::string("bitcoin:?lno=") + minimal_offer + "\n"}) {
    auto r = interpret_txt_rrset({{bad}});
    REQUIRE_FALSE(r);
    CHECK(r.err().code == "bad_uri");
  }
  CHECK(interpret_txt_rrset({{"bitcoin:?label=caf%C3%A9&lno=" + minimal_offer}}));
}
