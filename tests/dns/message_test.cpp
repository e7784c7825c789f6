#include <catch2/catch.hpp>

#include "hrn/dns/message.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;
using hrn::bytes;

namespace {

void put16(bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}

// A response to "www.example.com. A" with one compressed answer.
bytes sample_response(std::uint16_t flags = 0x8180) {
  bytes m;
  put16(m, 0x1234);
  put16(m, flags);
  put16(m, 1);  // QD
  put16(m, 2);  // AN
  put16(m, 0);
  put16(m, 0);
  bytes q = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};
  m.insert(m.end(), q.begin(), q.end());
  put16(m, rr_type::cname);
  put16(m, 1);
  // answer 1: www.example.com CNAME web.example.com (both compressed)
  m.push_back(0xC0); m.push_back(12);
  put16(m, rr_type::cname); put16(m, 1); put16(m, 0); put16(m, 300);
  put16(m, 6);
  bytes rd = {3, 'w', 'e', 'b', 0xC0, 16};
  m.insert(m.end(), rd.begin(), rd.end());
  // answer 2: web.example.com (pointer to the name inside the rdata) A 192.0.2.1
  std::size_t web = m.size() - 6;
  m.push_back(0xC0); m.push_back(static_cast<std::uint8_t>(web));
  put16(m, rr_type::a); put16(m, 1); put16(m, 0); put16(m, 300);
  put16(m, 4);
  bytes a = {192, 0, 2, 1};
  m.insert(m.end(), a.begin(), a.end());
  return m;
}

}  // namespace

TEST_CASE("message: parses a compressed response") {
  auto m = parse_message(sample_response());
  REQUIRE(m.ok());
  CHECK(m->hdr.id == 0x1234);
  CHECK(m->hdr.qr);
  CHECK(m->hdr.rd);
  CHECK(m->hdr.ra);
  REQUIRE(m->questions.size() == 1);
  CHECK(m->questions[0].qname == N("www.example.com"));
  REQUIRE(m->answers.size() == 2);
  // The CNAME target is stored decompressed.
  CHECK(decode_name_rdata(m->answers[0].rdata).value() == N("web.example.com"));
  CHECK(m->answers[1].owner == N("web.example.com"));
  CHECK(m->answers[1].ttl == 300);
}

TEST_CASE("message: malformed and truncated input") {
  bytes good = sample_response();
  SECTION("every prefix is refused, never crashes") {
    for (std::size_t n = 0; n < good.size(); ++n) {
      auto m = parse_message(hrn::byte_view(good).first(n));
      CHECK_FALSE(m.ok());
    }
  }
  SECTION("trailing garbage") {
    good.push_back(0);
    CHECK(parse_message(good).err().code == "malformed");
  }
  SECTION("answer count larger than the records present") {
    good[7] = 3;
    CHECK(parse_message(good).err().code == "malformed");
  }
  SECTION("answer count smaller: leftover bytes") {
    good[7] = 1;
    CHECK(parse_message(good).err().code == "malformed");
  }
  SECTION("huge counts are refused before any parsing") {
    good[6] = 0xFF; good[7] = 0xFF;
    CHECK_FALSE(parse_message(good).ok());
  }
  SECTION("TC=1 with missing records is reported as truncated") {
    bytes t = sample_response(0x8380);
    t.resize(t.size() - 10);
    auto m = parse_message(t);
    REQUIRE_FALSE(m.ok());
    CHECK(m.err().code == "truncated");
  }
  SECTION("TC=1 with complete sections parses, flag visible") {
    auto m = parse_message(sample_response(0x8380));
    REQUIRE(m.ok());
    CHECK(m->hdr.tc);
  }
  SECTION("more than one question") {
    good[5] = 2;
    CHECK_FALSE(parse_message(good).ok());
  }
  SECTION("compression pointer loop in the question") {
    bytes m = {0, 1, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1};
    CHECK(parse_message(m).err().code == "malformed");
  }
  SECTION("rdlength past the end") {
    good[good.size() - 5] = 0x50;
    CHECK_FALSE(parse_message(good).ok());
  }
  SECTION("CNAME rdata longer than its name") {
    bytes m = sample_response();
    // Make the first answer's RDLENGTH 7 (one extra octet) and shift nothing: now misaligned.
    std::size_t rdlen_at = 12 + 17 + 4 + 2 + 2 + 2 + 4;
    REQUIRE(m[rdlen_at + 1] == 6);
    m[rdlen_at + 1] = 7;
    CHECK_FALSE(parse_message(m).ok());
  }
}

TEST_CASE("message: OPT record") {
  bytes q = build_query(N("example.com"), rr_type::txt, 7);
  q[2] |= 0x80;  // pretend it is a response
  auto m = parse_message(q);
  REQUIRE(m.ok());
  REQUIRE(m->opt.has_value());
  CHECK(m->opt->udp_payload_size == 1232);
  CHECK(m->opt->dnssec_ok);
  CHECK(m->opt->version == 0);
  REQUIRE(m->opt->options.size() == 1);
  CHECK(m->opt->options[0].code == edns_option_padding);
  CHECK(m->additional.empty());
  CHECK(m->full_rcode() == 0);

  SECTION("two OPT records are refused") {
    bytes two = build_query(N("example.com"), rr_type::txt, 7);
    two[11] = 2;
    bytes opt = {0, 0, 41, 4, 0xD0, 0, 0, 0x80, 0, 0, 0};
    two.insert(two.end(), opt.begin(), opt.end());
    CHECK_FALSE(parse_message(two).ok());
  }
}

TEST_CASE("query: flags, EDNS and RFC 8467 block padding") {
  for (const char* n : {".", "a.b", "example.com", "matt.user._bitcoin-payment.mattcorallo.com",
                        "x23456789012345678901234567890123456789012345678901234567890123.y23456789012345678901234567890123456789012345678901234567890123.z"}) {
    for (std::uint16_t type : {rr_type::txt, rr_type::dnskey, rr_type::ds}) {
      INFO(n);
      bytes q = build_query(N(n), type, 0xBEEF);
      CHECK(q.size() % 128 == 0);
      CHECK(q[0] == 0xBE);
      CHECK(q[1] == 0xEF);
      auto m = parse_message(q);
      REQUIRE(m.ok());
      CHECK_FALSE(m->hdr.qr);
      CHECK(m->hdr.rd);
      CHECK(m->hdr.cd);
      CHECK_FALSE(m->hdr.ad);
      CHECK(m->hdr.opcode == 0);
      REQUIRE(m->questions.size() == 1);
      CHECK(m->questions[0].qname == N(n));
      CHECK(m->questions[0].qtype == type);
      CHECK(m->questions[0].qclass == class_in);
      REQUIRE(m->opt);
      CHECK(m->opt->dnssec_ok);
      CHECK(m->opt->udp_payload_size == 1232);
      REQUIRE(m->opt->options.size() == 1);
      CHECK(m->opt->options[0].code == 12);
      for (auto b : m->opt->options[0].data) CHECK(b == 0);
    }
  }
  // A query whose unpadded size is already a multiple of 128 gets an empty
  // padding option: unpadded = 12 + qname + 4 + 11 + 4 = qname + 31 octets.
  auto n = N(std::string(48, 'a') + "." + std::string(46, 'b'));  // 49 + 47 + 1 = 97 octets
  bytes q = build_query(n, rr_type::txt, 1);
  CHECK(q.size() == 128);
  auto m = parse_message(q);
  REQUIRE(m.ok());
  CHECK(m->opt->options.at(0).data.empty());
}
