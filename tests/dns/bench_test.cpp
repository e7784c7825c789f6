// Validation throughput (hidden: run with `test_dns "[.bench]"`). Prints
// figures, asserts nothing about time (DESIGN.md: benchmarks, not timed tests).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>

#include "hrn/dns/auth_chain.hpp"
#include "test_util.hpp"

using namespace hrn::dns;

TEST_CASE("bench: full chain validations per second", "[.bench]") {
  struct item {
    const char* label;
    hrn::bytes chain;
    const char* qname;
    std::uint16_t qtype;
    std::uint64_t now;
    std::vector<trust_anchor> anchors;
  };
  std::vector<item> items = {
      {"mattcorallo (RSA root, P-256)", dns_test::read_bin("vectors/dnssec/mattcorallo-txt-proof.bin"),
       "matt.user._bitcoin-payment.mattcorallo.com.", rr_type::txt, 1709100000, builtin_root_anchors()},
      {"bitcoin.ninja CNAME (RSA x2, P-256)", dns_test::read_bin("vectors/dnssec/bitcoin-ninja-txt-cname-proof.bin"),
       "cname_test.dnssec_proof_tests.bitcoin.ninja.", rr_type::txt, 1709500000, builtin_root_anchors()},
      {"RFC 9102 example (P-256 only)", dns_test::read_hex("vectors/dnssec/rfc9102-example-authchain.hex"),
       "_443._tcp.www.example.com.", rr_type::tlsa, 1580000000, {dns_test::rfc9102_test_anchor()}},
  };
  for (const auto& it : items) {
    auto pool = parse_auth_chain(it.chain).value();
    chain_validator v(it.anchors);
    auto qname = dns_test::N(it.qname);
    const int n = 300;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) REQUIRE(v.validate(pool, qname, it.qtype, it.now).ok());
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%-40s %8.0f validations/s (%.1f us each, parse excluded)\n", it.label, n / s, 1e6 * s / n);
  }
}
