// BigSize and TLV streams: BOLT 1 "Type-Length-Value Format" and the
// BigSize vectors of its Appendix A.
#include "hrn/bolt12/errors.hpp"
#include "hrn/bolt12/tlv.hpp"
#include "test_helpers.hpp"

using namespace hrn;
using namespace hrn::bolt12;
using namespace hrn::bolt12::test;

TEST_CASE("bigsize: BOLT 1 Appendix A decoding vectors") {
  struct ok_case {
    std::uint64_t value;
    std::string_view hex;
  };
  const ok_case good[] = {
      {0, "00"},
      {252, "fc"},
      {253, "fd00fd"},
      {65535, "fdffff"},
      {65536, "fe00010000"},
      {4294967295, "feffffffff"},
      {4294967296, "ff0000000100000000"},
      {18446744073709551615ull, "ffffffffffffffffff"},
  };
  for (const auto& c : good) {
    INFO(c.hex);
    auto bytes_in = hx(c.hex);
    auto r = read_bigsize(bytes_in);
    REQUIRE(r.ok());
    CHECK(r->value == c.value);
    CHECK(r->size == bytes_in.size());
    bytes out;
    append_bigsize(out, c.value);  // Appendix A encoding vectors: same pairs
    CHECK(out == bytes_in);
  }
  // Not canonical, short reads, no read.
  for (std::string_view bad : {"fd00fc", "fe0000ffff", "ff00000000ffffffff", "fd00", "feffff",
                               "ffffffffff", "", "fd", "fe", "ff"}) {
    INFO(bad);
    auto r = read_bigsize(hx(bad));
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::bad_tlv);
  }
}

TEST_CASE("tlv: stream parsing follows the BOLT 1 reader rules") {
  SECTION("empty stream is zero records") {
    auto r = parse_tlv_stream({});
    REQUIRE(r.ok());
    CHECK(r->empty());
  }
  SECTION("records in order, with their values") {
    auto r = parse_tlv_stream(hx("0100 02022a2b fd00fe0101"));
    REQUIRE(r.ok());
    REQUIRE(r->size() == 3);
    CHECK((*r)[0] == rec(1, ""));
    CHECK((*r)[1] == rec(2, "2a2b"));
    CHECK((*r)[2] == rec(254, "01"));
  }
  auto code = [](std::string_view hex) {
    auto r = parse_tlv_stream(hx(hex));
    return r ? std::string("ok") : r.err().code;
  };
  // BOLT 1 Appendix B "TLV Stream Decoding Failure" (namespace-independent ones).
  CHECK(code("02080000000000000226 01012a") == errc::bad_tlv);        // invalid ordering
  CHECK(code("02080000000000000231 02080000000000000451") == errc::bad_tlv);  // duplicate
  CHECK(code("1f00 0f012a") == errc::bad_tlv);
  CHECK(code("1f00 1f012a") == errc::bad_tlv);
  // Truncated type, length, value.
  CHECK(code("fd") == errc::bad_tlv);
  CHECK(code("0a") == errc::bad_tlv);
  CHECK(code("0afd") == errc::bad_tlv);
  CHECK(code("0a02") == errc::bad_tlv);
  CHECK(code("0a0241") == errc::bad_tlv);
  // Non-minimal type and length.
  CHECK(code("fd000a0141") == errc::bad_tlv);
  CHECK(code("0afd00010141") == errc::bad_tlv);
  CHECK(code("0afe000000010141") == errc::bad_tlv);
  // A huge length is rejected before anything is allocated for it.
  CHECK(code("0affffffffffffffffff41") == errc::bad_tlv);
}

TEST_CASE("tlv: encode then parse gives back the records (round trip)") {
  std::vector<tlv_record> records = {rec(0, ""), rec(1, "00"), rec(252, "ff"), rec(253, ""),
                                     rec(65536, "0102"), rec(4294967296ull, "")};
  bytes big(300, 0x5a);
  records.push_back(tlv_record{4294967297ull, big});  // length needs a 3-byte BigSize
  auto stream = encode_tlv_stream(records);
  auto back = parse_tlv_stream(stream);
  REQUIRE(back.ok());
  CHECK(*back == records);
}

TEST_CASE("tu64: truncated integers must be minimal") {
  CHECK(read_tu64(hx("")) == 0u);
  CHECK(read_tu64(hx("01")) == 1u);
  CHECK(read_tu64(hx("2710")) == 10000u);
  CHECK(read_tu64(hx("ffffffffffffffff")) == 18446744073709551615ull);
  CHECK_FALSE(read_tu64(hx("00")).has_value());
  CHECK_FALSE(read_tu64(hx("0001")).has_value());
  CHECK_FALSE(read_tu64(hx("010000000000000000")).has_value());  // 9 bytes
  for (std::uint64_t v : {0ull, 1ull, 255ull, 256ull, 0x1d24b2dfac520000ull, ~0ull}) {
    bytes out;
    append_tu64(out, v);
    CHECK(read_tu64(out) == v);
  }
}
