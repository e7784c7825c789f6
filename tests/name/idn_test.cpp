// Internationalised names: IDNA2008 with UTS #46 non-transitional mapping.
#include "helpers.hpp"

using namespace name_test;
namespace errc = hrn::name::errc;

TEST_CASE("a Unicode domain becomes punycode and sets idn") {
  const auto a = parse_ok("alice@m\u00FCnchen.de");  // münchen.de
  CHECK(a.domain == "xn--mnchen-3ya.de");
  CHECK(a.user == "alice");
  CHECK(a.idn);
  CHECK(a.dns_name() == "alice.user._bitcoin-payment.xn--mnchen-3ya.de.");
  CHECK(a.display() == "\u20BFalice@xn--mnchen-3ya.de");
}

TEST_CASE("non-ASCII upper case is mapped by IDNA") {
  CHECK(parse_ok("alice@M\u00DCNCHEN.DE").domain == "xn--mnchen-3ya.de");     // MÜNCHEN.DE
  CHECK(parse_ok("alice@M\u00DCnchen.de") == parse_ok("alice@m\u00FCnchen.de"));
  CHECK(parse_ok("\u041F\u0420\u0418\u041C\u0415\u0420@example.com").user ==
        "xn--e1afmkfd");  // ПРИМЕР
}

TEST_CASE("a Unicode user is converted label by label") {
  CHECK(parse_ok("j\u00FCrgen@example.com").user == "xn--jrgen-kva");  // jürgen
  // '_' stays legal in an ASCII label next to a Unicode one.
  const auto a = parse_ok("a_b.j\u00FCrgen@example.com");
  CHECK(a.user == "a_b.xn--jrgen-kva");
  CHECK(a.idn);
  CHECK(parse_ok("_bob@m\u00FCnchen.de").user == "_bob");
}

TEST_CASE("characters outside the BMP are converted") {
  // Four UTF-8 octets in, the A-label of U+20000 out.
  CHECK(parse_ok("alice@\U00020000.com").domain == "xn--j50i.com");
  CHECK(parse_ok("\U00020000@example.com").user == "xn--j50i");
}

TEST_CASE("non-transitional mapping keeps sharp s") {
  // Transitional processing would look up "fass.de", a different domain.
  CHECK(parse_ok("alice@fa\u00DF.de").domain == "xn--fa-hia.de");
}

TEST_CASE("a typed A-label is checked, lower-cased and sets idn") {
  const auto a = parse_ok("alice@XN--MNCHEN-3YA.DE");
  CHECK(a == parse_ok("alice@m\u00FCnchen.de"));
  CHECK(a.idn);
  CHECK(parse_ok("xn--jrgen-kva@example.com").idn);
  CHECK(code_of("alice@xn--ls8h.com") == errc::idna);
}

TEST_CASE("look-alike letters from another script set idn") {
  // Cyrillic 'а' in "аpple.com": the reason clients need the flag.
  const auto a = parse_ok("alice@\u0430pple.com");
  CHECK(a.domain == "xn--pple-43d.com");
  CHECK(a.idn);
}

TEST_CASE("input that maps to plain ASCII does not set idn") {
  CHECK_FALSE(parse_ok("alice@example.com").idn);
  const auto fullwidth = parse_ok("\uFF21lice@example.com");  // Ａlice
  CHECK(fullwidth.user == "alice");
  CHECK_FALSE(fullwidth.idn);
  const auto numeral = parse_ok("\u2168@example.com");  // Roman numeral Ⅸ → "ix"
  CHECK(numeral.user == "ix");
  CHECK_FALSE(numeral.idn);
  CHECK(parse_ok("al\u00ADice@example.com").user == "alice");  // soft hyphen is ignored
}

TEST_CASE("emoji and symbols are rejected by IDNA") {
  CHECK(code_of("\U0001F600@example.com") == errc::idna);
  CHECK(code_of("alice@\U0001F355.example") == errc::idna);  // 🍕
  CHECK(code_of("alice@i\u2764.ws") == errc::idna);          // i❤.ws
  CHECK_THAT(message_of("\U0001F600@example.com"),
             Catch::Contains("label 1 of the user") && Catch::Contains("IDN2_DISALLOWED"));
}
