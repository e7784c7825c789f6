// The string layer: BOLT 12 "Encoding" (case, `+` joins, no checksum).
#include <random>

#include "hrn/bolt12/errors.hpp"
#include "hrn/bolt12/offer.hpp"
#include "test_helpers.hpp"

using namespace hrn;
using namespace hrn::bolt12;
using namespace hrn::bolt12::test;

namespace {

// The minimal offer of offers-test.json: just an offer_issuer_id.
constexpr std::string_view minimal = "lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese";

std::string code_of(std::string_view text) {
  auto s = decode_bolt12_string(text);
  return s ? std::string("ok") : s.err().code;
}

std::string upper(std::string s) {
  for (auto& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace

TEST_CASE("bech32: lower and upper case decode to the same bytes") {
  auto lower = decode_bolt12_string(minimal);
  auto up = decode_bolt12_string(upper(std::string(minimal)));
  REQUIRE(lower.ok());
  REQUIRE(up.ok());
  CHECK(lower->hrp == "lno");
  CHECK(up->hrp == "lno");
  CHECK(lower->data == up->data);
  CHECK(to_hex(lower->data) == "1621" + std::string(key_a));
}

TEST_CASE("bech32: mixed case is rejected, also when only the prefix differs") {
  CHECK(code_of("Lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese") == errc::mixed_case);
  CHECK(code_of("lno1zcsS9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese") == errc::mixed_case);
  // Digits have no case: an all-digit data part goes with either case.
  CHECK(code_of("LNO1QQ") == "ok");
}

TEST_CASE("bech32: '+' joins between two bech32 characters, whitespace only after it") {
  const std::string s(minimal);
  const auto expect = decode_bolt12_string(s)->data;
  auto same = [&](const std::string& text) {
    auto d = decode_bolt12_string(text);
    INFO(text);
    REQUIRE(d.ok());
    CHECK(d->hrp == "lno");
    CHECK(d->data == expect);
  };
  same("l+no1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese");
  same("lno+1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese");
  same("lno1+zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese");
  same("lno1zcss9mk8y3+wkklfvevcrszlmu+23kfrxh49px20665dqwmn4p72pkses+e");
  same("lno1zcss9mk8y3+ \t\r\n\v\fwkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese");

  CHECK(code_of("+" + s) == errc::bad_encoding);
  CHECK(code_of(s + "+") == errc::bad_encoding);
  CHECK(code_of(s + "+ ") == errc::bad_encoding);
  CHECK(code_of(s + "+\n") == errc::bad_encoding);
  CHECK(code_of("lno1zcss++9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese") == errc::bad_encoding);
  CHECK(code_of("lno1zcss+ +9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese") == errc::bad_encoding);
  // Whitespace not right after a '+': before it, alone, at either end.
  CHECK(code_of("lno1zcss +9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese") == errc::bad_encoding);
  CHECK(code_of("lno1zcss 9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese") == errc::bad_encoding);
  CHECK(code_of(" " + s) == errc::bad_encoding);
  CHECK(code_of(s + "\n") == errc::bad_encoding);
}

TEST_CASE("bech32: characters outside the set, separator and prefix") {
  CHECK(code_of("") == errc::bad_encoding);
  CHECK(code_of("lnoqqqq") == errc::bad_encoding);  // no separator
  CHECK(code_of("1qqqq") == errc::bad_encoding);    // empty prefix
  CHECK(code_of("lno1qqb") == errc::bad_encoding);  // 'b' is not a data character
  CHECK(code_of("lno1qqi") == errc::bad_encoding);
  CHECK(code_of("lno1qqo") == errc::bad_encoding);
  CHECK(code_of("lno1qq-") == errc::bad_encoding);
  CHECK(code_of("lno1qq\xc3\xa9") == errc::bad_encoding);  // non-ASCII
  CHECK(code_of(std::string("lno1q\0q", 7)) == errc::bad_encoding);
  // The separator is the last '1': this prefix is "lno1qq".
  auto s = decode_bolt12_string("lno1qq1qq");
  REQUIRE(s.ok());
  CHECK(s->hrp == "lno1qq");
  // An empty data part is an empty byte string.
  auto e = decode_bolt12_string("lno1");
  REQUIRE(e.ok());
  CHECK(e->data.empty());
}

TEST_CASE("bech32: padding is at most 4 bits and zero") {
  CHECK(code_of("lno1q") == errc::bad_encoding);    // 5 bits: a whole unused group
  CHECK(code_of("lno1qqq") == errc::bad_encoding);  // 15 bits: 1 byte + 7 bits
  auto two = decode_bolt12_string("lno1qq");        // 10 bits: 1 byte + 2 zero bits
  REQUIRE(two.ok());
  CHECK(to_hex(two->data) == "00");
  CHECK(code_of("lno1qp") == errc::bad_encoding);  // 1 byte + bits "01"
  auto four = decode_bolt12_string("lno1qqqqqqq");  // 35 bits: 4 bytes + 3 zero bits
  REQUIRE(four.ok());
  CHECK(four->data.size() == 4);
}

TEST_CASE("bech32: encode then decode gives back the bytes (round trip)") {
  std::mt19937 rng(353);  // fixed seed: the test is deterministic
  for (std::size_t len = 0; len < 300; ++len) {
    bytes data(len);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    const std::string text = encode_bolt12_string("lno", data);
    auto back = decode_bolt12_string(text);
    INFO("length " << len);
    REQUIRE(back.ok());
    CHECK(back->hrp == "lno");
    CHECK(back->data == data);
    auto back_upper = decode_bolt12_string(upper(text));
    REQUIRE(back_upper.ok());
    CHECK(back_upper->data == data);
  }
}

TEST_CASE("decode_offer: the prefix must be lno") {
  auto data = decode_bolt12_string(minimal)->data;
  for (std::string_view hrp : {"lni", "lnr", "lnbc", "bc", "lnox"}) {
    auto r = decode_offer(encode_bolt12_string(hrp, data));
    INFO(hrp);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::bad_hrp);
  }
  auto inv = decode_offer(encode_bolt12_string("lni", data));
  CHECK(inv.err().message.find("invoice") != std::string::npos);
  // A BOLT 11 invoice (first example of BOLT 11): its checksum would break
  // the padding rule, but the prefix is checked first.
  auto bolt11 = decode_offer(
      "lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcy"
      "q5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32"
      "dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql");
  REQUIRE_FALSE(bolt11.ok());
  CHECK(bolt11.err().code == errc::bad_hrp);
  // Without an expected prefix the string layer does not judge it.
  CHECK(decode_bolt12_string("lni1qq").ok());
  CHECK(decode_bolt12_string("lni1qq", "lno").err().code == errc::bad_hrp);
  CHECK(decode_offer(upper(std::string(minimal))).ok());
}
