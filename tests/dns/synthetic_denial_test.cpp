// Denial of existence and insecure delegations on the synthetic tree.
#include <catch2/catch.hpp>

#include "hrn/dns/auth_chain.hpp"
#include "synthetic_world.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;
using zone_signer::now;

namespace {

hrn::result<validated_answer> run(const char* qname, std::uint16_t qtype) {
  const auto& w = synthetic::get();
  return chain_validator(w.anchors).validate(w.pool, N(qname), qtype, now);
}

void expect_status(const char* qname, std::uint16_t qtype, answer_status s) {
  INFO(qname << " " << type_to_text(qtype));
  auto a = run(qname, qtype);
  if (!a) FAIL(a.err().code << ": " << a.err().message);
  CHECK(a->status == s);
  CHECK(a->not_found());
  CHECK(a->records.empty());
  // The proof alone proves the same non-existence.
  const auto& w = synthetic::get();
  auto again = verify_chain(a->qname, qtype, serialize_auth_chain(a->proof), w.anchors, now);
  if (!again) FAIL("proof alone: " << again.err().message);
  CHECK(again->status == s);
}

void expect_error(const char* qname, std::uint16_t qtype, const char* code) {
  INFO(qname << " " << type_to_text(qtype));
  auto a = run(qname, qtype);
  REQUIRE_FALSE(a.ok());
  INFO(a.err().message);
  CHECK(a.err().code == code);
}

}  // namespace

TEST_CASE("synthetic denial: NSEC") {
  expect_status("nope.example.test", rr_type::txt, answer_status::nxdomain);
  expect_status("a.b.nope.example.test", rr_type::txt, answer_status::nxdomain);
  expect_status("user._bitcoin-payment.example.test", rr_type::a, answer_status::nodata);
  // _bitcoin-payment.example.test is an empty non-terminal.
  expect_status("_bitcoin-payment.example.test", rr_type::txt, answer_status::nodata);
  // Wildcard NODATA: *.wild exists but has no A.
  expect_status("x.wild.example.test", rr_type::a, answer_status::nodata);
  // DS at a signed delegation point is not NODATA but an answer; DS absent at a name that is no cut:
  expect_status("user._bitcoin-payment.example.test", rr_type::ds, answer_status::nodata);
}

TEST_CASE("synthetic denial: NSEC3") {
  expect_status("nope.n3.test", rr_type::txt, answer_status::nxdomain);
  expect_status("a.b.nope.n3.test", rr_type::txt, answer_status::nxdomain);
  expect_status("a.n3.test", rr_type::aaaa, answer_status::nodata);
  expect_status("ent.n3.test", rr_type::txt, answer_status::nodata);  // empty non-terminal
  expect_status("x.w.n3.test", rr_type::a, answer_status::nodata);    // wildcard NODATA
}

TEST_CASE("synthetic denial: insecure outcomes are errors") {
  // Unsigned delegation proven by the parent's NSEC (NS without DS).
  expect_error("a.unsigned.test", rr_type::txt, "dnssec_insecure");
  expect_error("nothing.unsigned.test", rr_type::txt, "dnssec_insecure");
  // Only algorithm 5 in the DS RRset: treated as unsigned (RFC 4035 §5.2).
  expect_error("a.alg5.test", rr_type::txt, "dnssec_insecure");
  // Opt-out: NXDOMAIN cannot be told from an unsigned delegation, and u.optout.test is one.
  expect_error("nope.optout.test", rr_type::txt, "dnssec_insecure");
  expect_error("a.u.optout.test", rr_type::txt, "dnssec_insecure");
  // NSEC3 with more than 2500 iterations (RFC 9276 §3.2).
  expect_error("nope.hi.test", rr_type::txt, "dnssec_insecure");
  // A signed answer in that zone needs no NSEC3 and is fine.
  CHECK(run("a.hi.test", rr_type::txt).ok());
  // Signed data next to an opt-out span is fine too.
  CHECK(run("a.optout.test", rr_type::txt).ok());
}

TEST_CASE("synthetic denial: forged or incomplete proofs") {
  const auto& w = synthetic::get();
  SECTION("no denial records at all") {
    std::vector<rr> pool;
    for (const auto& r : w.pool)
      if (zone_signer::covered_type(r) != rr_type::nsec)
        pool.push_back(r);
    auto a = chain_validator(w.anchors).validate(pool, N("nope.example.test"), rr_type::txt, now);
    REQUIRE_FALSE(a.ok());
    CHECK(a.err().code == "dnssec_bogus");
  }
  SECTION("a tampered NSEC next name") {
    auto pool = w.pool;
    for (auto& r : pool)
      if (r.type == rr_type::nsec && r.owner.is_subdomain_of(N("example.test"))) r.rdata[1] ^= 0x01;
    auto a = chain_validator(w.anchors).validate(pool, N("nope.example.test"), rr_type::txt, now);
    REQUIRE_FALSE(a.ok());
    CHECK(a.err().code == "dnssec_bogus");
  }
  SECTION("an existing name cannot be denied with an unrelated NSEC") {
    // Drop the TXT: the NSEC chain shows the name exists with TXT, so no proof works.
    auto pool = w.pool;
    zone_signer::remove(pool, N("user._bitcoin-payment.example.test"), rr_type::txt);
    auto a = chain_validator(w.anchors).validate(pool, N("user._bitcoin-payment.example.test"), rr_type::txt, now);
    REQUIRE_FALSE(a.ok());
    CHECK(a.err().code == "dnssec_bogus");
  }
  SECTION("the same for NSEC3") {
    auto pool = w.pool;
    zone_signer::remove(pool, N("a.n3.test"), rr_type::txt);
    auto a = chain_validator(w.anchors).validate(pool, N("a.n3.test"), rr_type::txt, now);
    REQUIRE_FALSE(a.ok());
    CHECK(a.err().code == "dnssec_bogus");
  }
}
