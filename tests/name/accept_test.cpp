// The forms a person or an SMS gateway sends, and what they normalise to.
#include "helpers.hpp"

using hrn::name::address;
using namespace name_test;

TEST_CASE("plain user@domain is accepted as is") {
  const auto a = parse_ok("alice@example.com");
  CHECK(a.user == "alice");
  CHECK(a.domain == "example.com");
  CHECK(a.short_code.empty());
  CHECK_FALSE(a.idn);
  CHECK(a.dns_name() == "alice.user._bitcoin-payment.example.com.");
}

TEST_CASE("ASCII upper case is folded to lower case") {
  CHECK(parse_ok("ALICE@EXAMPLE.COM") == parse_ok("alice@example.com"));
  CHECK(parse_ok("aLiCe@ExAmPlE.cOm").text() == "alice@example.com");
}

TEST_CASE("the display form with a leading bitcoin sign is accepted") {
  const auto a = parse_ok(" \u20BFAlice@Example.COM ");
  CHECK(a.user == "alice");
  CHECK(a.domain == "example.com");
  CHECK(a.dns_name() == "alice.user._bitcoin-payment.example.com.");
  CHECK(a == parse_ok("\u20BFalice@example.com"));
  CHECK(a.display() == "\u20BFalice@example.com");
}

TEST_CASE("white space around the name is trimmed, ASCII and Unicode") {
  const auto plain = parse_ok("alice@example.com");
  CHECK(parse_ok("  alice@example.com  ") == plain);
  CHECK(parse_ok("\t\r\nalice@example.com\n") == plain);
  CHECK(parse_ok("\v\falice@example.com\f") == plain);
  CHECK(parse_ok("\u00A0alice@example.com\u00A0") == plain);        // no-break space
  CHECK(parse_ok("\u3000alice@example.com\u3000") == plain);        // ideographic space
  CHECK(parse_ok("\u2003\u202Falice@example.com\u205F") == plain);  // em, narrow nbsp, math
  CHECK(parse_ok("\uFEFFalice@example.com") == plain);              // byte order mark
  CHECK(parse_ok("alice@example.com\u200B") == plain);              // zero width space
  CHECK(parse_ok("\u0085alice@example.com\u2028\u2029") == plain);  // NEL, LS, PS
  CHECK(parse_ok(" \u20BFalice@example.com#12 ").short_code == "12");
}

TEST_CASE("star notation stands for @ when there is no @") {
  const auto a = parse_ok("RUSTY*BLOCKSTREAM.COM#a1B2");
  CHECK(a.user == "rusty");
  CHECK(a.domain == "blockstream.com");
  CHECK(a.short_code == "a1b2");
  CHECK(a.dns_name() == "rusty.user._bitcoin-payment.blockstream.com.");
  CHECK(parse_ok("alice*example.com") == parse_ok("alice@example.com"));
  CHECK(parse_ok("\u20BFALICE*EXAMPLE.COM") == parse_ok("alice@example.com"));
}

TEST_CASE("a short code after # is kept in lower case") {
  CHECK(parse_ok("alice@example.com#1234").short_code == "1234");
  CHECK(parse_ok("alice@example.com#AbC9").short_code == "abc9");
  CHECK(parse_ok("alice@example.com#Z").short_code == "z");
  CHECK(parse_ok("alice@example.com#1234").text() == "alice@example.com");
}

TEST_CASE("one trailing dot on the domain is dropped") {
  CHECK(parse_ok("alice@example.com.") == parse_ok("alice@example.com"));
  CHECK(parse_ok("alice@example.com.#77").short_code == "77");
  CHECK(parse_ok("ALICE*EXAMPLE.COM.").domain == "example.com");
}

TEST_CASE("users may have dots, hyphens, underscores and several labels") {
  CHECK(parse_ok("first.last@example.com").user == "first.last");
  CHECK(parse_ok("a.b.c.d@example.com").user == "a.b.c.d");
  CHECK(parse_ok("_bob-1@ex-ample.co.uk").user == "_bob-1");
  CHECK(parse_ok("_bob-1@ex-ample.co.uk").domain == "ex-ample.co.uk");
  CHECK(parse_ok("-x@y.com").user == "-x");
  CHECK(parse_ok("a--b@example.com").user == "a--b");  // DNS allows it; only IDNA reserves it
  CHECK(parse_ok("0@1.2").dns_name() == "0.user._bitcoin-payment.1.2.");
  CHECK(parse_ok("alice@_under.example.com").domain == "_under.example.com");
}

TEST_CASE("full-width input from CJK keyboards maps to plain ASCII") {
  const auto a = parse_ok("\uFF41\uFF4C\uFF49\uFF43\uFF45\uFF20\uFF45\uFF58\uFF41\uFF4D\uFF50"
                          "\uFF4C\uFF45\uFF0E\uFF43\uFF4F\uFF4D\uFF03\uFF11\uFF12");  // ａｌｉｃｅ＠…＃１２
  CHECK(a.user == "alice");
  CHECK(a.domain == "example.com");
  CHECK(a.short_code == "12");
  CHECK_FALSE(a.idn);
  CHECK(parse_ok("ALICE\uFF0AEXAMPLE.COM") == parse_ok("alice@example.com"));  // ＊
}

TEST_CASE("ideographic full stops separate labels like '.'") {
  CHECK(parse_ok("alice@example\u3002com") == parse_ok("alice@example.com"));
  CHECK(parse_ok("alice@example\uFF61com") == parse_ok("alice@example.com"));
  CHECK(parse_ok("alice@\u4F8B\u3048\u3002\u30C6\u30B9\u30C8").domain ==
        "xn--r8jz45g.xn--zckzah");  // 例え。テスト
}
