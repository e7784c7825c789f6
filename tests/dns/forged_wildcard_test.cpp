// Attacker-built chains around wildcards, from zones really signed by the
// test signer (forged_world.hpp): RRsets that a wildcard never synthesises
// (NSEC, NSEC3, DS, DNSKEY) replayed under other owners, and wildcard
// expansions "proven" through an NSEC3 Opt-Out span.
#include <catch2/catch.hpp>

#include "forged_checks.hpp"
#include "hrn/dns/canonical.hpp"
#include "hrn/dns/nsec3.hpp"
#include "hrn/dns/rdata.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;
using hrn::bytes;
using forged::append;
using forged::expand;
using forged::expect_refused;
using forged::expect_valid;
using forged::rrset_of;
using forged::validate_both;

namespace {

const name wc_zone = N("wc.test");
const name alice = N("alice.user._bitcoin-payment.wc.test");
const name adam = N("adam.user._bitcoin-payment.wc.test");
const name catch_all = N("*.user._bitcoin-payment.wc.test");
// Sorts after adam and just before alice in canonical order (RFC 4034 §6.1).
const name just_before_alice = N("alic.user._bitcoin-payment.wc.test");

// The NSEC RRset the signer made at the wildcard owner, with its genuine
// RRSIG, moved to `at`.
std::vector<rr> replayed_wildcard_nsec(const name& at) {
  auto set = rrset_of(forged::get().pool, catch_all, rr_type::nsec);
  REQUIRE(set.size() == 2);
  for (auto& r : set) r.owner = at;
  return set;
}

std::uint8_t rrsig_labels(const std::vector<rr>& set) {
  for (const auto& r : set)
    if (r.type == rr_type::rrsig) return decode_rrsig(r.rdata)->labels;
  FAIL("no RRSIG");
  return 0;
}

bytes plus(bytes h, int delta) {  // h + delta as a 160-bit big-endian number (|delta| = 1)
  for (std::size_t i = h.size(); i-- > 0;) {
    int v = h[i] + delta;
    h[i] = static_cast<std::uint8_t>(v & 0xFF);
    if (v >= 0 && v <= 0xFF) break;
  }
  return h;
}

}  // namespace

// ---------------------------------------------------------------------------
// 1. NSEC RRsets are never synthesised from a wildcard.
//
// RFC 4592 §4.7 as corrected by erratum 5119: "Wildcard domain names in
// DNSSEC signed zones will have an NSEC RRSet. NSEC RRSets must not be
// synthesized from this wildcard NSEC." The signer gives the NSEC at
// *.user._bitcoin-payment.wc.test an RRSIG whose labels field does not count
// the "*" (RFC 4034 §3.1.3), i.e. fewer labels than any owner below
// user._bitcoin-payment.wc.test: a validator that rebuilds the signed owner
// as "*.<suffix>" (RFC 4035 §5.3.2) for an NSEC verifies it at any such owner.
// ---------------------------------------------------------------------------

TEST_CASE("forged wildcard: a replayed wildcard NSEC cannot deny alice so that the catch-all answers") {
  const auto& w = forged::get();
  auto forged_nsec = replayed_wildcard_nsec(just_before_alice);
  // The replay: labels 4 (user._bitcoin-payment.wc.test) under a 5-label owner,
  // and next name adam, which sorts before the new owner: the wrap-around
  // branch of "covers" makes it cover every name after "alic" (alice too).
  REQUIRE(rrsig_labels(forged_nsec) == 4);
  REQUIRE(decode_nsec(forged_nsec[0].rdata)->next == adam);
  REQUIRE(canonical_compare(adam, just_before_alice) < 0);

  auto pool = w.pool;
  zone_signer::remove(pool, alice, rr_type::txt);
  zone_signer::remove(pool, alice, rr_type::nsec);
  append(pool, expand(w.pool, catch_all, alice));  // the catch-all TXT at alice, genuine wildcard RRSIG
  append(pool, forged_nsec);
  // Today: accepted, wildcard, TXT "bitcoin:?lno=lno1catchall" instead of alice's own.
  expect_refused(validate_both(pool, w.anchors, alice, rr_type::txt), "dnssec_bogus");
}

TEST_CASE("forged wildcard: a replayed wildcard NSEC cannot prove NXDOMAIN for an existing name") {
  const auto& w = forged::get();
  auto pool = w.pool;
  zone_signer::remove(pool, alice, rr_type::txt);
  zone_signer::remove(pool, alice, rr_type::nsec);
  zone_signer::remove(pool, catch_all, rr_type::nsec);  // it would show the wildcard exists
  // One replayed NSEC covers both alice (after "alic") and *.user._bitcoin-payment.wc.test
  // (before adam): the whole NXDOMAIN proof of RFC 4035 §5.4.
  append(pool, replayed_wildcard_nsec(just_before_alice));
  // Today: ok, nxdomain.
  expect_refused(validate_both(pool, w.anchors, alice, rr_type::txt), "dnssec_bogus");
}

TEST_CASE("forged wildcard: genuine catch-all answer for a user that does not exist") {
  const auto& w = forged::get();
  auto carol = N("carol.user._bitcoin-payment.wc.test");
  auto pool = w.pool;
  append(pool, expand(w.pool, catch_all, carol));
  auto a = expect_valid(validate_both(pool, w.anchors, carol, rr_type::txt), w.anchors);
  CHECK(a.status == answer_status::answer);
  CHECK(a.wildcard);
  CHECK(forged::txt_of(a) == "bitcoin:?lno=lno1catchall");

  auto own = expect_valid(validate_both(w.pool, w.anchors, alice, rr_type::txt), w.anchors);
  CHECK_FALSE(own.wildcard);
  CHECK(forged::txt_of(own) == "bitcoin:?lno=lno1alice");
}

TEST_CASE("forged wildcard: genuine NXDOMAIN from the last NSEC wrapping around to the apex") {
  // RFC 4034 §4.1.1: "The value of the Next Domain Name field in the last NSEC
  // record in the zone is the name of the zone apex". zzz.wc.test sorts after
  // every owner of wc.test, so only that last NSEC covers it.
  const auto& w = forged::get();
  auto a = expect_valid(validate_both(w.pool, w.anchors, N("zzz.wc.test"), rr_type::txt), w.anchors);
  CHECK(a.status == answer_status::nxdomain);
  bool wrapped = false;
  for (const auto& r : a.proof)
    if (r.type == rr_type::nsec && r.owner == alice && decode_nsec(r.rdata)->next == wc_zone) wrapped = true;
  CHECK(wrapped);
}

// ---------------------------------------------------------------------------
// The same for the other RRsets that never come from a wildcard. Each is
// signed here with the real zone key as if its owner were a wildcard (RRSIG
// labels < owner labels), then replayed at the owner that helps the attacker.
// ---------------------------------------------------------------------------

TEST_CASE("forged wildcard: a DS RRset signed as a wildcard cannot vouch for a zone") {
  // RFC 4592 §4.6: a DS RRset at a wildcard "is meaningless"; "If there is a
  // synthesized DS RRSet, it alone will not be very useful as it exists in the
  // context of a delegation point", and §4.2: NS (the delegation the DS would
  // belong to) is never synthesised. Here p.test signed a DS RRset at *.p.test
  // for a key of the attacker's, replayed at evil.p.test.
  const auto& w = forged::get();
  const auto& p = w.zone("p.test.");
  auto evil = N("evil.p.test"), user = N("alice.user._bitcoin-payment.evil.p.test");
  auto evil_key = zone_signer::make_key(15, 257, 901);
  auto ds = forged::signed_as_wildcard({zone_signer::make_ds(evil, evil_key)}, p.zsk, N("p.test"), N("p.test"));
  REQUIRE(rrsig_labels(ds) == 2);
  auto pool = w.pool;
  append(pool, ds);
  std::vector<rr> keys{zone_signer::record(evil, rr_type::dnskey, evil_key.dnskey_rdata, 3600)};
  append(pool, keys);
  pool.push_back(zone_signer::sign(keys, evil_key, evil));
  std::vector<rr> answer{zone_signer::txt(user, "bitcoin:?lno=lno1attacker")};
  append(pool, answer);
  pool.push_back(zone_signer::sign(answer, evil_key, evil));
  // Today: ok, TXT "bitcoin:?lno=lno1attacker".
  expect_refused(validate_both(pool, w.anchors, user, rr_type::txt), "dnssec_bogus");
}

TEST_CASE("forged wildcard: a DNSKEY RRset signed as a wildcard is refused") {
  // A DNSKEY RRset lives at its zone's apex, which exists, so it is never a
  // wildcard expansion; an RRSIG with fewer labels than child.p.test says it
  // was synthesised from *.p.test, a name outside the signer's zone. RFC 4035
  // §5.3.1: "The RRSIG RR's Signer's Name field MUST be the name of the zone
  // that contains the RRset."
  const auto& w = forged::get();
  const auto& child = w.zone("child.p.test.");
  auto apex = N("child.p.test");
  auto keys = rrset_of(w.pool, apex, rr_type::dnskey, false);
  REQUIRE(keys.size() == 2);
  auto pool = w.pool;
  zone_signer::remove(pool, apex, rr_type::dnskey);
  append(pool, forged::signed_as_wildcard(keys, child.ksk, apex, N("p.test")));
  // Today: ok.
  expect_refused(validate_both(pool, w.anchors, N("alice.user._bitcoin-payment.child.p.test"), rr_type::txt),
                 "dnssec_bogus");
  // Genuine: the DNSKEY RRset signed at its own name.
  expect_valid(validate_both(w.pool, w.anchors, N("alice.user._bitcoin-payment.child.p.test"), rr_type::txt),
               w.anchors);
}

TEST_CASE("forged wildcard: an NSEC3 RRset signed as a wildcard cannot deny an existing name") {
  // RFC 5155 §7.1: the owner of an NSEC3 RR is the hash of the original owner
  // name prepended as a single label to the zone name; it is never a
  // wildcard expansion, and an NSEC3 signed as one (labels = the zone's label
  // count, signed owner *.n3w.test) can be replayed at any hashed owner. Here
  // it covers H(alice.user._bitcoin-payment.n3w.test), which exists.
  const auto& w = forged::get();
  const auto& z = w.zone("n3w.test.");
  auto zone = N("n3w.test"), user = N("alice.user._bitcoin-payment.n3w.test");
  const bytes salt{0x01};
  auto h = nsec3_hash(1, user, salt, 1).value();
  auto owner = zone.prepend(base32hex_encode(plus(h, -1))).value();
  bytes rd{1, 0, 0, 1, static_cast<std::uint8_t>(salt.size())};
  rd.insert(rd.end(), salt.begin(), salt.end());
  rd.push_back(20);
  auto next = plus(h, +1);
  rd.insert(rd.end(), next.begin(), next.end());
  auto bm = type_bitmap::from_types({rr_type::txt, rr_type::rrsig});
  rd.insert(rd.end(), bm.wire().begin(), bm.wire().end());
  auto forged_nsec3 =
      forged::signed_as_wildcard({zone_signer::record(owner, rr_type::nsec3, rd, 3600)}, z.zsk, zone, zone);
  REQUIRE(rrsig_labels(forged_nsec3) == 2);

  auto pool = w.pool;
  zone_signer::remove(pool, user, rr_type::txt);
  zone_signer::remove(pool, zone.prepend(base32hex_encode(h)).value(), rr_type::nsec3);  // the match for alice
  append(pool, forged_nsec3);
  // Today: ok, nxdomain.
  expect_refused(validate_both(pool, w.anchors, user, rr_type::txt), "dnssec_bogus");

  // Genuine: alice exists; a user that does not is NXDOMAIN.
  auto a = expect_valid(validate_both(w.pool, w.anchors, user, rr_type::txt), w.anchors);
  CHECK(forged::txt_of(a) == "bitcoin:?lno=lno1alicensec3");
  auto nx = expect_valid(
      validate_both(w.pool, w.anchors, N("bob.user._bitcoin-payment.n3w.test"), rr_type::txt), w.anchors);
  CHECK(nx.status == answer_status::nxdomain);
}

// ---------------------------------------------------------------------------
// 2. Wildcard expansion "proven" through an NSEC3 Opt-Out span.
//
// RFC 5155 §8.8: the validator "MUST verify that there is an NSEC3 RR that
// covers the 'next closer' name to QNAME present in the response. This
// proves that QNAME itself did not exist". With Opt-Out it does not: an
// Opt-Out NSEC3 "may cover unsigned delegations" (§6), so a covered next
// closer name may exist as an insecure delegation, and the response can only
// be insecure (§9.2: such responses are not authenticated; Unbound's
// proveWildcard and the wildcard NODATA case of nsec3_do_prove_nodata return
// "insecure" when the next closer NSEC3 has the Opt-Out flag).
// deleg.oow.test is such an unsigned delegation (NS, no DS, no NSEC3).
// ---------------------------------------------------------------------------

namespace {
const name oo_wild = N("*.oow.test");
}

TEST_CASE("forged wildcard: opt-out span as proof for a wildcard answer below an unsigned delegation") {
  const auto& w = forged::get();
  auto qname = N("x.deleg.oow.test");
  auto pool = w.pool;
  append(pool, expand(w.pool, oo_wild, qname));
  // Today: ok, wildcard, TXT "bitcoin:?lno=lno1wildoptout".
  expect_refused(validate_both(pool, w.anchors, qname, rr_type::txt), "dnssec_insecure");
}

TEST_CASE("forged wildcard: opt-out span as proof for a wildcard answer at an unsigned delegation") {
  const auto& w = forged::get();
  auto qname = N("deleg.oow.test");
  auto pool = w.pool;
  append(pool, expand(w.pool, oo_wild, qname));
  // Today: ok, wildcard.
  expect_refused(validate_both(pool, w.anchors, qname, rr_type::txt), "dnssec_insecure");
}

TEST_CASE("forged wildcard: opt-out span as proof for a wildcard NODATA") {
  // RFC 5155 §8.7 (wildcard NODATA) rests on the same closest encloser proof,
  // whose next closer NSEC3 here is Opt-Out.
  const auto& w = forged::get();
  for (const char* q : {"x.deleg.oow.test", "deleg.oow.test"}) {
    INFO(q << " A");
    // Today: ok, nodata.
    expect_refused(validate_both(w.pool, w.anchors, N(q), rr_type::a), "dnssec_insecure");
  }
}

TEST_CASE("forged wildcard: any wildcard answer whose next closer name is in an opt-out span is insecure") {
  // x.oow.test is not below a known delegation, but H(x.oow.test) falls in an
  // Opt-Out span all the same: an unsigned delegation x.oow.test cannot be
  // excluded (the same rule as above; Unbound answers insecure here too).
  const auto& w = forged::get();
  auto qname = N("x.oow.test");
  auto pool = w.pool;
  append(pool, expand(w.pool, oo_wild, qname));
  // Today: ok, wildcard.
  expect_refused(validate_both(pool, w.anchors, qname, rr_type::txt), "dnssec_insecure");
  expect_refused(validate_both(w.pool, w.anchors, qname, rr_type::a), "dnssec_insecure");
}

TEST_CASE("forged wildcard: genuine outcomes next to opt-out and in a zone without opt-out") {
  const auto& w = forged::get();
  // Signed data in the opt-out zone validates.
  auto a = expect_valid(validate_both(w.pool, w.anchors, N("a.oow.test"), rr_type::txt), w.anchors);
  CHECK(forged::txt_of(a) == "signed data next to the opt-out span");
  // Unsigned data below the unsigned delegation is insecure (RFC 5155 §8.6: no DS
  // at a name covered by an Opt-Out span).
  auto unsigned_pool = w.pool;
  unsigned_pool.push_back(zone_signer::txt(N("a.deleg.oow.test"), "bitcoin:?lno=lno1unsigned"));
  expect_refused(validate_both(unsigned_pool, w.anchors, N("a.deleg.oow.test"), rr_type::txt), "dnssec_insecure");

  // The same zone without opt-out: the wildcard answer and the wildcard NODATA validate.
  auto pool = w.pool;
  append(pool, expand(w.pool, N("*.n3w.test"), N("x.n3w.test")));
  auto wa = expect_valid(validate_both(pool, w.anchors, N("x.n3w.test"), rr_type::txt), w.anchors);
  CHECK(wa.wildcard);
  CHECK(forged::txt_of(wa) == "bitcoin:?lno=lno1wildnsec3");
  auto nd = expect_valid(validate_both(w.pool, w.anchors, N("x.n3w.test"), rr_type::a), w.anchors);
  CHECK(nd.status == answer_status::nodata);
  // And there the wildcard cannot answer below the unsigned delegation either:
  // deleg.n3w.test has its own NSEC3 (NS, no DS), so names below it are insecure.
  auto below = w.pool;
  append(below, expand(w.pool, N("*.n3w.test"), N("x.deleg.n3w.test")));
  expect_refused(validate_both(below, w.anchors, N("x.deleg.n3w.test"), rr_type::txt), "dnssec_insecure");
}
