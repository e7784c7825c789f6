#include <catch2/catch.hpp>

#include "hrn/dns/presentation.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/dns/response.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;
using hrn::bytes;

namespace {

rr txt_rr(const char* owner, std::initializer_list<std::string> strings, std::uint32_t ttl = 300) {
  rr r{N(owner), rr_type::txt, class_in, ttl, {}};
  for (const auto& s : strings) {
    r.rdata.push_back(static_cast<std::uint8_t>(s.size()));
    r.rdata.insert(r.rdata.end(), s.begin(), s.end());
  }
  return r;
}

message query_for(const char* qname, std::uint16_t qtype, bool with_opt, bool dnssec_ok) {
  const auto wire = build_query(N(qname), qtype, 0x4242);
  auto m = parse_message(wire);
  REQUIRE(m);
  if (!with_opt) m->opt.reset();
  if (m->opt) m->opt->dnssec_ok = dnssec_ok;
  return *m;
}

}  // namespace

TEST_CASE("a response copies the query's ID and question, pads to 468 octets and echoes DO") {
  auto q = query_for("Alice.user._bitcoin-payment.example.", rr_type::txt, true, true);
  response_parts parts;
  parts.authenticated = true;
  parts.answers = {txt_rr("alice.user._bitcoin-payment.example.", {"bitcoin:?lno=x"})};
  auto query_wire = build_query(N("Alice.user._bitcoin-payment.example."), rr_type::txt, 0x4242);
  query_wire[12 + 1] = 'A';  // the client varied the case of its question
  const auto wire = build_response(q, parts, query_wire);
  CHECK(wire.size() % response_padding_block == 0);
  CHECK(wire[12 + 1] == 'A');  // copied octet for octet
  auto m = parse_message(wire);
  REQUIRE(m);
  CHECK(m->hdr.id == 0x4242);
  CHECK(m->hdr.qr);
  CHECK(m->hdr.ra);
  CHECK(m->hdr.rd);  // copied (build_query sets RD)
  CHECK(m->hdr.cd);  // copied (build_query sets CD)
  CHECK(m->hdr.ad);
  CHECK(m->hdr.rcode == rcode::noerror);
  REQUIRE(m->questions.size() == 1);
  CHECK(m->questions[0].qname.to_text() == "alice.user._bitcoin-payment.example.");
  REQUIRE(m->answers.size() == 1);
  CHECK(m->answers[0] == parts.answers[0]);
  REQUIRE(m->opt);
  CHECK(m->opt->dnssec_ok);
  REQUIRE(m->opt->options.size() == 1);
  CHECK(m->opt->options[0].code == edns_option_padding);
}

TEST_CASE("a response to a query without EDNS has no OPT record, so no padding (RFC 6891 section 7)") {
  auto q = query_for("example.", rr_type::txt, false, false);
  response_parts parts;
  parts.rcode = rcode::refused;
  const auto wire = build_response(q, parts);
  auto m = parse_message(wire);
  REQUIRE(m);
  CHECK_FALSE(m->opt);
  CHECK_FALSE(m->hdr.ad);
  CHECK(m->hdr.rcode == rcode::refused);
  CHECK(m->answers.empty());
  CHECK(wire.size() == 12 + N("example.").wire_size() + 4);
}

TEST_CASE("DO is echoed only when the query set it; NXDOMAIN with authority records") {
  auto q = query_for("nobody.example.", rr_type::txt, true, false);
  response_parts parts;
  parts.rcode = rcode::nxdomain;
  parts.authority = {rr{N("a.example."), rr_type::nsec, class_in, 60, {1, 'b', 0, 0, 1, 0x40}}};
  auto m = parse_message(build_response(q, parts));
  REQUIRE(m);
  REQUIRE(m->opt);
  CHECK_FALSE(m->opt->dnssec_ok);
  CHECK(m->hdr.rcode == rcode::nxdomain);
  CHECK(m->authority.size() == 1);
}

TEST_CASE("signatures_for and rrset_of pick by owner and type (the RRSIG's type covered)") {
  rr sig_txt{N("a.example."), rr_type::rrsig, class_in, 300, {0, 16, 8, 2}};
  rr sig_ds{N("a.example."), rr_type::rrsig, class_in, 300, {0, 43, 8, 2}};
  rr sig_other{N("b.example."), rr_type::rrsig, class_in, 300, {0, 16, 8, 2}};
  rr stub{N("a.example."), rr_type::rrsig, class_in, 300, {0}};  // too short to say what it covers
  const auto t = txt_rr("a.example.", {"x"});
  std::vector<rr> pool{sig_txt, sig_ds, sig_other, stub, t};
  CHECK(signatures_for(pool, N("a.example."), rr_type::txt) == std::vector<rr>{sig_txt});
  CHECK(signatures_for(pool, N("a.example."), rr_type::ds) == std::vector<rr>{sig_ds});
  CHECK(rrset_of(pool, N("a.example."), rr_type::txt) == std::vector<rr>{t});
  CHECK(rrset_of(pool, N("c.example."), rr_type::txt).empty());
}

TEST_CASE("TXT in presentation form: quoted per string, or joined as Google's JSON serves it") {
  const auto r = txt_rr("a.", {"bitcoin:?lno=lno1", "abc", "say \"hi\" \\ \x01"});
  CHECK(rdata_to_text(r, txt_style::quoted) == R"("bitcoin:?lno=lno1" "abc" "say \"hi\" \\ \001")");
  CHECK(rdata_to_text(r, txt_style::joined) == "bitcoin:?lno=lno1abcsay \"hi\" \\ \x01");
  const auto empty = txt_rr("a.", {""});
  CHECK(rdata_to_text(empty, txt_style::quoted) == R"("")");
}

TEST_CASE("DS, DNSKEY, RRSIG and CNAME in presentation form; other types in RFC 3597's generic form") {
  ds_rdata ds{12345, 13, 2, bytes{0xab, 0xcd}};
  CHECK(rdata_to_text(rr{N("a."), rr_type::ds, class_in, 60, encode_ds(ds)}) == "12345 13 2 abcd");
  rr key{N("a."), rr_type::dnskey, class_in, 60, {0x01, 0x01, 3, 13, 0xde, 0xad, 0xbe, 0xef}};
  CHECK(rdata_to_text(key) == "257 3 13 3q2+7w==");
  rr cname{N("a."), rr_type::cname, class_in, 60, {}};
  const auto target = N("b.example.");
  cname.rdata.assign(target.wire().begin(), target.wire().end());
  CHECK(rdata_to_text(cname) == "b.example.");
  // TXT, algorithm 8, 2 labels, original TTL 300, expiration 2026-12-31 00:00:00,
  // inception 2026-12-01 00:00:00, key tag 4660, signer "a.", signature 0x01 0x02.
  bytes sig = {0, 16, 8, 2, 0, 0, 1, 44, 0x6b, 0x35, 0x9b, 0x00, 0x6b, 0x0e, 0x0e, 0x00, 0x12, 0x34, 1, 'a', 0, 1, 2};
  CHECK(rdata_to_text(rr{N("a."), rr_type::rrsig, class_in, 60, sig}) ==
        "TXT 8 2 300 20261231000000 20261201000000 4660 a. AQI=");
  CHECK(rdata_to_text(rr{N("a."), rr_type::nsec3, class_in, 60, {1, 0, 0, 0}}) == "\\# 4 01000000");
  CHECK(rdata_to_text(rr{N("a."), rr_type::ds, class_in, 60, {1}}) == "\\# 1 01");  // does not decode
  CHECK(rdata_to_text(rr{N("a."), 65280, class_in, 60, {}}) == "\\# 0");
}

TEST_CASE("an extended RCODE (BADVERS) puts its upper bits in the OPT RR (RFC 6891 section 6.1.3)") {
  auto q = query_for("example.", rr_type::txt, true, false);
  response_parts parts;
  parts.rcode = rcode::badvers;
  auto m = parse_message(build_response(q, parts));
  REQUIRE(m);
  CHECK(m->hdr.rcode == 0);
  REQUIRE(m->opt);
  CHECK(m->opt->extended_rcode == 1);
  CHECK(m->full_rcode() == rcode::badvers);
  CHECK(m->opt->version == 0);
}
