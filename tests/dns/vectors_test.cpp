// The real DNSSEC chains in tests/vectors/dnssec (see its README).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/dns/rrsig.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;

namespace {

struct vector_case {
  const char* file;
  bool hex;
  const char* qname;
  std::uint16_t qtype;
  std::uint64_t inside;
  std::vector<trust_anchor> anchors;
};

std::vector<vector_case> cases() {
  return {
      {"vectors/dnssec/rfc9102-example-authchain.hex", true, "_443._tcp.www.example.com.", rr_type::tlsa,
       1580000000, {dns_test::rfc9102_test_anchor()}},
      {"vectors/dnssec/mattcorallo-txt-proof.bin", false, "matt.user._bitcoin-payment.mattcorallo.com.",
       rr_type::txt, 1709100000, builtin_root_anchors()},
      {"vectors/dnssec/bitcoin-ninja-txt-cname-proof.bin", false,
       "cname_test.dnssec_proof_tests.bitcoin.ninja.", rr_type::txt, 1709500000, builtin_root_anchors()},
      {"vectors/dnssec/bitcoin-ninja-txt-cname-proof.bin", false, "txt_test.dnssec_proof_tests.bitcoin.ninja.",
       rr_type::txt, 1709500000, builtin_root_anchors()},
  };
}

hrn::bytes load(const vector_case& c) { return c.hex ? dns_test::read_hex(c.file) : dns_test::read_bin(c.file); }

// The latest inception over the RRSIGs a validation used.
std::uint64_t latest_inception(const validated_answer& a, std::uint64_t now) {
  std::uint64_t t = 0;
  for (const auto& r : a.proof)
    if (r.type == rr_type::rrsig) t = std::max(t, rrsig_time(decode_rrsig(r.rdata)->inception, now));
  return t;
}

std::string txt_of(const validated_answer& a) {
  REQUIRE(a.records.size() == 1);
  std::string s;
  auto parts = decode_txt(a.records[0].rdata).value();
  for (const auto& part : parts) s += part;
  return s;
}

}  // namespace

TEST_CASE("vectors: chains parse and re-serialise byte for byte") {
  for (const auto& c : cases()) {
    INFO(c.file);
    auto bytes = load(c);
    auto pool = parse_auth_chain(bytes);
    REQUIRE(pool.ok());
    CHECK(serialize_auth_chain(*pool) == bytes);
  }
  CHECK(parse_auth_chain(dns_test::read_hex("vectors/dnssec/rfc9102-example-authchain.hex"))->size() == 18);
  CHECK(parse_auth_chain(dns_test::read_bin("vectors/dnssec/mattcorallo-txt-proof.bin"))->size() == 16);
  CHECK(parse_auth_chain(dns_test::read_bin("vectors/dnssec/bitcoin-ninja-txt-cname-proof.bin"))->size() == 18);
}

TEST_CASE("vectors: each chain validates inside its window and fails just outside it") {
  for (const auto& c : cases()) {
    INFO(c.file << " " << c.qname);
    auto bytes = load(c);
    auto ok = verify_chain(N(c.qname), c.qtype, bytes, c.anchors, c.inside);
    if (!ok) FAIL(ok.err().code << ": " << ok.err().message);
    CHECK(ok->status == answer_status::answer);
    CHECK_FALSE(ok->records.empty());

    std::uint64_t expiry = ok->earliest_expiry;
    std::uint64_t inception = latest_inception(*ok, c.inside);
    CHECK(verify_chain(N(c.qname), c.qtype, bytes, c.anchors, expiry).ok());
    CHECK(verify_chain(N(c.qname), c.qtype, bytes, c.anchors, inception).ok());
    auto late = verify_chain(N(c.qname), c.qtype, bytes, c.anchors, expiry + 1);
    REQUIRE_FALSE(late.ok());
    CHECK(late.err().code == "dnssec_bogus");
    auto early = verify_chain(N(c.qname), c.qtype, bytes, c.anchors, inception - 1);
    REQUIRE_FALSE(early.ok());
    CHECK(early.err().code == "dnssec_bogus");

    // The proof the validator reports is itself a valid RFC 9102 chain.
    auto again = verify_chain(N(c.qname), c.qtype, serialize_auth_chain(ok->proof), c.anchors, c.inside);
    CHECK(again.ok());
  }
}

TEST_CASE("vectors: README facts (windows, TXT content, minimum TTL)") {
  SECTION("RFC 9102 example") {
    auto c = cases()[0];
    auto a = verify_chain(N(c.qname), c.qtype, load(c), c.anchors, c.inside).value();
    CHECK(a.earliest_expiry == 1606867200);
    CHECK(latest_inception(a, c.inside) == 1543363200);
    CHECK(hrn::to_hex(a.records[0].rdata).rfind("0301018bd1da95", 0) == 0);
  }
  SECTION("mattcorallo.com BIP 353 TXT") {
    auto c = cases()[1];
    auto a = verify_chain(N(c.qname), c.qtype, load(c), c.anchors, c.inside).value();
    CHECK(a.earliest_expiry == 1709359258);
    CHECK(latest_inception(a, c.inside) == 1709047250);
    CHECK(a.min_ttl == 3600);
    std::string txt = txt_of(a);
    CHECK(txt.rfind("bitcoin:?b12=lno1qsgqmqvgm96frzdg8m0gc6nzeqffvzsqzrxqy32afmr3jn9ggkwg3egfwch2hy0l6jut6vfd8vpsc3h89l6u3dm4q2d6nuamav3w27xvdmv3lpgklhg7l5teypqz9l53hj7zvuaenh34xqsz2sa967yzqkylfu9xtcd5ymcmfp32h083e805y7jfd236w9afhavqqvl8uyma7x77yun4ehe9pnhu2gekjguexmxpqjcr2j822xr7q34p078gzslf9wpwz5y57alxu99s0z2ql0kfqvwhzycqq45ehh58xnfpuek80hw6spvwrvttjrrq9pphh0dpydh06qqspp5uq4gpyt6n9mwexde44qv7lstzzq60nr40ff38u27un6y53aypmx0p4qruk2tf9mjwqlhxak4znvna5y", 0) == 0);
    CHECK(txt.size() == std::string_view("bitcoin:?b12=lno1qsgqmqvgm96frzdg8m0gc6nzeqffvzsqzrxqy32afmr3jn9ggkwg3egfwch2hy0l6jut6vfd8vpsc3h89l6u3dm4q2d6nuamav3w27xvdmv3lpgklhg7l5teypqz9l53hj7zvuaenh34xqsz2sa967yzqkylfu9xtcd5ymcmfp32h083e805y7jfd236w9afhavqqvl8uyma7x77yun4ehe9pnhu2gekjguexmxpqjcr2j822xr7q34p078gzslf9wpwz5y57alxu99s0z2ql0kfqvwhzycqq45ehh58xnfpuek80hw6spvwrvttjrrq9pphh0dpydh06qqspp5uq4gpyt6n9mwexde44qv7lstzzq60nr40ff38u27un6y53aypmx0p4qruk2tf9mjwqlhxak4znvna5y").size());
    CHECK_FALSE(a.wildcard);
    CHECK(a.aliases.empty());
  }
  SECTION("bitcoin.ninja CNAME to TXT") {
    auto c = cases()[2];
    auto a = verify_chain(N(c.qname), c.qtype, load(c), c.anchors, c.inside).value();
    CHECK(a.earliest_expiry == 1709947337);
    CHECK(latest_inception(a, c.inside) == 1709006400);
    CHECK(a.min_ttl == 30);
    CHECK(txt_of(a) == "dnssec_prover_test");
    REQUIRE(a.aliases.size() == 1);
    CHECK(a.aliases[0].type == rr_type::cname);
    CHECK(a.final_name == N("txt_test.dnssec_proof_tests.bitcoin.ninja."));
  }
}

TEST_CASE("vectors: flipping any signature byte fails") {
  for (const auto& c : cases()) {
    INFO(c.file << " " << c.qname);
    auto pool = parse_auth_chain(load(c)).value();
    auto good = chain_validator(c.anchors).validate(pool, N(c.qname), c.qtype, c.inside);
    REQUIRE(good.ok());
    // For every RRSIG the validation relied on, corrupt the same signature
    // byte in it and in every other RRSIG over the same RRset (an RRset with
    // two valid RRSIGs is rightly accepted on either one; see below).
    for (std::size_t i = 0; i < pool.size(); ++i) {
      if (pool[i].type != rr_type::rrsig) continue;
      if (std::find(good->proof.begin(), good->proof.end(), pool[i]) == good->proof.end()) continue;
      auto sig = decode_rrsig(pool[i].rdata).value();
      for (std::size_t off : {std::size_t{0}, sig.signature.size() / 2, sig.signature.size() - 1}) {
        auto bad = pool;
        for (auto& r : bad) {
          if (r.type != rr_type::rrsig || !(r.owner == pool[i].owner)) continue;
          auto other = decode_rrsig(r.rdata).value();
          if (other.type_covered != sig.type_covered) continue;
          r.rdata[r.rdata.size() - other.signature.size() + off] ^= 0x01;
        }
        auto r = chain_validator(c.anchors).validate(bad, N(c.qname), c.qtype, c.inside);
        INFO("RRSIG #" << i << " covering " << type_to_text(sig.type_covered) << " byte " << off);
        REQUIRE_FALSE(r.ok());
        CHECK(r.err().code == "dnssec_bogus");
      }
    }
  }
}

TEST_CASE("vectors: one good RRSIG of two suffices (RFC 9102 example, com. DNSKEY)") {
  auto c = cases()[0];
  auto pool = parse_auth_chain(load(c)).value();
  // Records #9 and #10 are the com. DNSKEY RRSIGs by KSKs 18931 and 28809.
  REQUIRE(pool[9].type == rr_type::rrsig);
  REQUIRE(pool[10].type == rr_type::rrsig);
  for (std::size_t i : {9, 10}) {
    auto bad = pool;
    bad[i].rdata.back() ^= 0x01;
    CHECK(chain_validator(c.anchors).validate(bad, N(c.qname), c.qtype, c.inside).ok());
  }
}

TEST_CASE("vectors: a wrong trust anchor fails") {
  for (const auto& c : cases()) {
    INFO(c.file);
    auto bytes = load(c);
    auto anchors = c.anchors;
    for (auto& a : anchors) a.ds.digest[0] ^= 0x80;
    auto r = verify_chain(N(c.qname), c.qtype, bytes, anchors, c.inside);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == "dnssec_bogus");
  }
  // The real root anchors do not validate the RFC 9102 test chain, nor the reverse.
  auto rfc = cases()[0];
  CHECK_FALSE(verify_chain(N(rfc.qname), rfc.qtype, load(rfc), builtin_root_anchors(), rfc.inside).ok());
  auto matt = cases()[1];
  CHECK_FALSE(verify_chain(N(matt.qname), matt.qtype, load(matt), std::vector<trust_anchor>{dns_test::rfc9102_test_anchor()}, matt.inside).ok());
}

TEST_CASE("vectors: any RR order validates") {
  std::mt19937 rng(353);
  for (const auto& c : cases()) {
    INFO(c.file);
    auto pool = parse_auth_chain(load(c)).value();
    for (int round = 0; round < 5; ++round) {
      std::shuffle(pool.begin(), pool.end(), rng);
      auto r = chain_validator(c.anchors).validate(pool, N(c.qname), c.qtype, c.inside);
      CHECK(r.ok());
    }
  }
}

TEST_CASE("vectors: the wrong question fails") {
  auto c = cases()[1];
  auto bytes = load(c);
  // Same name, other type: the chain holds no denial for it.
  CHECK_FALSE(verify_chain(N(c.qname), rr_type::a, bytes, c.anchors, c.inside).ok());
  // Another name.
  CHECK_FALSE(verify_chain(N("x.user._bitcoin-payment.mattcorallo.com."), rr_type::txt, bytes, c.anchors, c.inside).ok());
  // Name matching is case-insensitive.
  CHECK(verify_chain(N("MATT.user._Bitcoin-Payment.MattCorallo.com."), rr_type::txt, bytes, c.anchors, c.inside).ok());
}
