// Attacker-built chains from really signed zones (forged_world.hpp): the
// signer of an RRset, TTLs past the signature expiry, and the alias limit.
#include <catch2/catch.hpp>

#include "forged_checks.hpp"
#include "hrn/dns/rdata.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;
using forged::append;
using forged::expect_refused;
using forged::expect_valid;
using forged::rrset_of;
using forged::validate_both;

// ---------------------------------------------------------------------------
// 4. The signer must be the zone that contains the RRset.
//
// RFC 4035 §5.3.1: "The RRSIG RR's Signer's Name field MUST be the name of
// the zone that contains the RRset." child.p.test is a signed zone delegated
// from p.test (DS in p.test); alice.user._bitcoin-payment.child.p.test is in
// child.p.test, so an RRSIG by p.test over it, even made with p.test's real
// key, must not be accepted.
// ---------------------------------------------------------------------------

namespace {
const name child_user = N("alice.user._bitcoin-payment.child.p.test");

std::vector<rr> parent_signed_answer(std::vector<rr> pool) {
  const auto& p = forged::get().zone("p.test.");
  zone_signer::remove(pool, child_user, rr_type::txt);
  std::vector<rr> answer{zone_signer::txt(child_user, "bitcoin:?lno=lno1signedbytheparent")};
  append(pool, answer);
  pool.push_back(zone_signer::sign(answer, p.zsk, N("p.test")));
  return pool;
}
}  // namespace

TEST_CASE("forged signer: an RRset of a delegated child zone signed by the parent is refused") {
  const auto& w = forged::get();
  auto pool = parent_signed_answer(w.pool);
  // Today: ok, TXT "bitcoin:?lno=lno1signedbytheparent".
  expect_refused(validate_both(pool, w.anchors, child_user, rr_type::txt), "dnssec_bogus");
}

TEST_CASE("forged signer: the parent's signature is refused also without the child's DNSKEY RRset") {
  // The validated DS RRset at child.p.test (signed by p.test) still shows the cut.
  const auto& w = forged::get();
  auto pool = parent_signed_answer(w.pool);
  zone_signer::remove(pool, N("child.p.test"), rr_type::dnskey);
  REQUIRE_FALSE(rrset_of(pool, N("child.p.test"), rr_type::ds).empty());
  // Today: ok.
  expect_refused(validate_both(pool, w.anchors, child_user, rr_type::txt), "dnssec_bogus");
}

TEST_CASE("forged signer: genuine answer signed by the child zone") {
  const auto& w = forged::get();
  auto a = expect_valid(validate_both(w.pool, w.anchors, child_user, rr_type::txt), w.anchors);
  CHECK(forged::txt_of(a) == "bitcoin:?lno=lno1child");
  // Data of the parent zone itself is of course signed by the parent.
  auto b = expect_valid(validate_both(w.pool, w.anchors, N("www.p.test"), rr_type::txt), w.anchors);
  CHECK(forged::txt_of(b) == "parent data");
}

// ---------------------------------------------------------------------------
// 5. The TTL is capped by the earliest signature expiry.
//
// RFC 4035 §5.3.3: the validator "MUST set the TTL of the RRSIG RR and each
// RR in the authenticated RRset to a value no greater than the minimum of:
// the RRset's TTL as received in the response; the RRSIG RR's TTL as
// received in the response; the value in the RRSIG RR's Original TTL field;
// and the difference of the RRSIG RR's Signature Expiration time and the
// current time."
// ---------------------------------------------------------------------------

TEST_CASE("forged ttl: min_ttl is at most the time left before the earliest signature expires") {
  const auto& w = forged::get();
  const auto user = N("alice.user._bitcoin-payment.wc.test");  // every RR of the chain has TTL 3600
  const std::uint64_t now = zone_signer::expiration - 100ull;
  auto o = validate_both(w.pool, w.anchors, user, rr_type::txt, now);
  auto a = expect_valid(o, w.anchors, now);
  CHECK(a.earliest_expiry == zone_signer::expiration);
  // Today: 3600 on both paths.
  CHECK(a.min_ttl <= 100);
  CHECK(o.rfc9102->min_ttl <= 100);

  // Genuine: far from the expiry the records' TTL is the limit.
  auto far = expect_valid(validate_both(w.pool, w.anchors, user, rr_type::txt), w.anchors);
  CHECK(far.min_ttl == 3600);
}

// ---------------------------------------------------------------------------
// 6. The alias limit counts substitutions (hops), not RRs.
//
// validation_options::max_alias_hops is "CNAME + DNAME substitutions
// followed". A pool merged from several responses can hold the same CNAME RR
// twice with different remaining TTLs; RFC 4034 §6.3: an implementation
// handling duplicate RRs "in the spirit of the robustness principle ... MUST
// remove all but one of the duplicate RR(s)", and RFC 2181 §5.2 treats RRs of
// one RRset with differing TTLs as if all had the lowest TTL. One CNAME
// RRset is one hop however many copies of its RR arrive.
// ---------------------------------------------------------------------------

namespace {
name hop(char c, int i) { return N(std::string(1, c) + std::to_string(i) + ".hops.test"); }
}  // namespace

TEST_CASE("forged alias: a CNAME RR present twice with two TTLs counts as one hop") {
  const auto& w = forged::get();
  auto pool = w.pool;
  for (int i = 0; i < 8; ++i) {
    auto set = rrset_of(w.pool, hop('h', i), rr_type::cname, false);
    REQUIRE(set.size() == 1);
    set[0].ttl = 60;  // the same RR, as a later response gave it
    append(pool, set);
  }
  auto o = validate_both(pool, w.anchors, hop('h', 0), rr_type::txt);
  // Today: alias_loop ("loops or exceeds 8 steps") after the 5th hop.
  auto a = expect_valid(o, w.anchors);
  CHECK(a.final_name == hop('h', 8));
  CHECK(forged::txt_of(a) == "bitcoin:?lno=lno1eighthops");
  CHECK(a.min_ttl == 60);
}

TEST_CASE("forged alias: genuine chains of 8 hops validate and of 9 hops exceed the limit") {
  const auto& w = forged::get();
  auto a = expect_valid(validate_both(w.pool, w.anchors, hop('h', 0), rr_type::txt), w.anchors);
  CHECK(a.aliases.size() == 8);
  CHECK(forged::txt_of(a) == "bitcoin:?lno=lno1eighthops");
  expect_refused(validate_both(w.pool, w.anchors, hop('g', 0), rr_type::txt), "alias_loop");
  // One hop less from g1 is within the limit again.
  auto g1 = expect_valid(validate_both(w.pool, w.anchors, hop('g', 1), rr_type::txt), w.anchors);
  CHECK(forged::txt_of(g1) == "bitcoin:?lno=lno1ninehops");
}
