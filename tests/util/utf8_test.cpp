// The one strict UTF-8 decoder (RFC 3629 §4, Unicode §3.9 Table 3-7).
#include <catch2/catch.hpp>

#include "hrn/util/utf8.hpp"
#include "support/utf8.hpp"

using namespace hrn;

TEST_CASE("utf8: every scalar value round-trips; surrogates do not decode") {
  for (char32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x20000 ? 1 : 97)) {
    std::string s;
    utf8::append(s, cp);
    CHECK(s == test_support::utf8_of(cp));
    const auto d = utf8::decode(s, 0);
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      CHECK_FALSE(d.valid);
    } else {
      REQUIRE(d.valid);
      CHECK(d.cp == cp);
      CHECK(d.length == s.size());
    }
  }
}

TEST_CASE("utf8: ill-formed sequences are refused, and skipped as Unicode counts them") {
  struct sample {
    std::string bytes;
    std::size_t length;  // the maximal ill-formed subpart
  };
  const sample bad[] = {
      {"\x80", 1},              // a lone continuation byte
      {"\xc0\x8a", 1},          // overlong line feed (C0 is never a lead)
      {"\xe0\x80\x8a", 1},      // overlong in three bytes (E0 wants A0..BF next)
      {"\xed\xa0\x80", 1},      // a UTF-16 surrogate
      {"\xf4\x90\x80\x80", 1},  // above U+10FFFF
      {"\xf5\x80\x80\x80", 1},  // F5 is never a lead
      {"\xe2\x82", 2},          // truncated: the first two bytes of €
      {"\xe2\x82" "A", 2},      // broken off by an ASCII letter
  };
  for (const auto& b : bad) {
    INFO(b.bytes.size());
    const auto d = utf8::decode(b.bytes, 0);
    CHECK_FALSE(d.valid);
    CHECK(d.length == b.length);
    CHECK_FALSE(utf8::is_valid(b.bytes));
  }
  CHECK(utf8::is_valid("₿alice@example.com, Кофе, 咖啡, 👍🏽"));
  CHECK(utf8::is_valid(""));
}
