// Validation paths on the synthetic signed tree (synthetic_world.hpp).
#include <catch2/catch.hpp>

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/dnssec_crypto.hpp"
#include "synthetic_world.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;
using zone_signer::now;

namespace {

hrn::result<validated_answer> run(const std::vector<rr>& pool, const std::vector<trust_anchor>& anchors,
                             const char* qname, std::uint16_t qtype, std::uint64_t t = now) {
  return chain_validator(anchors).validate(pool, N(qname), qtype, t);
}

hrn::result<validated_answer> run(const char* qname, std::uint16_t qtype, std::uint64_t t = now) {
  const auto& w = synthetic::get();
  return run(w.pool, w.anchors, qname, qtype, t);
}

std::string txt_of(const validated_answer& a) {
  REQUIRE(a.records.size() == 1);
  std::string s;
  auto parts = decode_txt(a.records[0].rdata).value();
  for (const auto& p : parts) s += p;
  return s;
}

// The reported proof alone must validate to the same outcome (RFC 9102 use).
void check_proof_alone(const validated_answer& a) {
  const auto& w = synthetic::get();
  auto again = verify_chain(a.qname, a.qtype, serialize_auth_chain(a.proof), w.anchors, now);
  if (!again) FAIL("proof alone: " << again.err().message);
  CHECK(again->status == a.status);
  CHECK(again->records == a.records);
  CHECK(again->proof.size() == a.proof.size());
}

void expect_error(const hrn::result<validated_answer>& r, const char* code) {
  if (r) FAIL("expected " << code << ", got an answer");
  INFO(r.err().message);
  CHECK(r.err().code == code);
  CHECK_FALSE(r.err().message.empty());
}

}  // namespace

TEST_CASE("synthetic: plain answer through three zones and four algorithms") {
  auto a = run("user._bitcoin-payment.example.test", rr_type::txt);
  if (!a) FAIL(a.err().message);
  CHECK(a->status == answer_status::answer);
  CHECK(txt_of(*a) == "bitcoin:?lno=lno1example");
  CHECK(a->min_ttl == 600);
  CHECK(a->earliest_expiry == zone_signer::expiration);
  CHECK_FALSE(a->wildcard);
  check_proof_alone(*a);

  auto b = run("a.alg10.test", rr_type::txt);
  REQUIRE(b.ok());
  CHECK(txt_of(*b) == "rsa sha-512");
  auto c = run("a.n3.test", rr_type::txt);
  REQUIRE(c.ok());
  CHECK(txt_of(*c) == "nsec3 a");
}

TEST_CASE("synthetic: validity window") {
  expect_error(run("user._bitcoin-payment.example.test", rr_type::txt, zone_signer::expiration + 1ull),
               "dnssec_bogus");
  expect_error(run("user._bitcoin-payment.example.test", rr_type::txt, zone_signer::inception - 1ull),
               "dnssec_bogus");
  CHECK(run("user._bitcoin-payment.example.test", rr_type::txt, zone_signer::expiration).ok());
  CHECK(run("user._bitcoin-payment.example.test", rr_type::txt, zone_signer::inception).ok());

  // One zone signed with an earlier expiry: it sets earliest_expiry, and past it the chain fails.
  zone_signer::sign_options early;
  early.expiration = 1760000000;
  auto w = synthetic::with_example_signing(early);
  auto a = run(w.pool, w.anchors, "user._bitcoin-payment.example.test", rr_type::txt);
  REQUIRE(a.ok());
  CHECK(a->earliest_expiry == 1760000000);
  auto late = run(w.pool, w.anchors, "user._bitcoin-payment.example.test", rr_type::txt, 1760000001);
  expect_error(late, "dnssec_bogus");
  CHECK(late.err().message.find("expired") != std::string::npos);
}

TEST_CASE("synthetic: DS mismatch, missing DS, missing DNSKEY, foreign key") {
  const auto& w = synthetic::get();
  SECTION("DS digest altered") {
    auto pool = w.pool;
    for (auto& r : pool)
      if (r.type == rr_type::ds && r.owner == N("example.test")) r.rdata.back() ^= 1;
    expect_error(run(pool, w.anchors, "user._bitcoin-payment.example.test", rr_type::txt), "dnssec_bogus");
  }
  SECTION("DS removed") {
    auto pool = w.pool;
    zone_signer::remove(pool, N("example.test"), rr_type::ds);
    auto r = run(pool, w.anchors, "user._bitcoin-payment.example.test", rr_type::txt);
    expect_error(r, "dnssec_bogus");
    CHECK(r.err().message.find("example.test") != std::string::npos);
  }
  SECTION("DNSKEY removed") {
    auto pool = w.pool;
    zone_signer::remove(pool, N("example.test"), rr_type::dnskey);
    expect_error(run(pool, w.anchors, "user._bitcoin-payment.example.test", rr_type::txt), "dnssec_bogus");
  }
  SECTION("answer re-signed by a key outside the DNSKEY set") {
    auto pool = w.pool;
    zone_signer::remove(pool, N("user._bitcoin-payment.example.test"), rr_type::txt);
    std::vector<rr> set{zone_signer::txt(N("user._bitcoin-payment.example.test"), "bitcoin:?lno=lno1attacker")};
    auto rogue = zone_signer::make_key(8, 256, 999);
    pool.push_back(set[0]);
    pool.push_back(zone_signer::sign(set, rogue, N("example.test")));
    expect_error(run(pool, w.anchors, "user._bitcoin-payment.example.test", rr_type::txt), "dnssec_bogus");
  }
  SECTION("answer data altered after signing") {
    auto pool = w.pool;
    for (auto& r : pool)
      if (r.type == rr_type::txt && r.owner == N("user._bitcoin-payment.example.test")) r.rdata.back() ^= 1;
    expect_error(run(pool, w.anchors, "user._bitcoin-payment.example.test", rr_type::txt), "dnssec_bogus");
  }
  SECTION("SHA-1 DS is ignored when a SHA-256 DS is present (RFC 4509 §3)") {
    auto pool = w.pool;
    auto anchors = w.anchors;
    anchors[0].ds.digest.back() ^= 1;  // the SHA-256 anchor no longer matches
    // A correct SHA-1 anchor next to it must not rescue the chain.
    for (const auto& r : w.root_records) {
      if (r.type != rr_type::dnskey || decode_dnskey(r.rdata)->flags != 257) continue;
      ds_rdata sha1{key_tag(r.rdata), 15, 1, ds_digest(1, name{}, r.rdata).value()};
      anchors.push_back({name{}, sha1});
    }
    expect_error(run(pool, anchors, "user._bitcoin-payment.example.test", rr_type::txt), "dnssec_bogus");
    anchors.erase(anchors.begin());  // SHA-1 alone is accepted
    CHECK(run(pool, anchors, "user._bitcoin-payment.example.test", rr_type::txt).ok());
  }
}

TEST_CASE("synthetic: RRSIG labels field") {
  const auto& w = synthetic::get();
  auto pool = w.pool;
  auto owner = N("user._bitcoin-payment.example.test");
  zone_signer::remove(pool, owner, rr_type::txt);
  std::vector<rr> set{zone_signer::txt(owner, "x")};
  auto zsk = zone_signer::make_key(8, 256, static_cast<int>(std::hash<std::string>{}("example.test.") % 1000));
  zone_signer::sign_options o;
  o.labels = 5;  // more labels than the owner has
  pool.push_back(set[0]);
  pool.push_back(zone_signer::sign(set, zsk, N("example.test"), o));
  expect_error(run(pool, w.anchors, "user._bitcoin-payment.example.test", rr_type::txt), "dnssec_bogus");
}

TEST_CASE("synthetic: CNAME and DNAME") {
  SECTION("CNAME inside the zone") {
    auto a = run("alias.example.test", rr_type::txt);
    if (!a) FAIL(a.err().message);
    CHECK(txt_of(*a) == "bitcoin:?lno=lno1example");
    CHECK(a->final_name == N("user._bitcoin-payment.example.test"));
    REQUIRE(a->aliases.size() == 1);
    CHECK(a->min_ttl == 120);
    check_proof_alone(*a);
  }
  SECTION("CNAME into an NSEC3 zone") {
    auto a = run("cross.example.test", rr_type::txt);
    if (!a) FAIL(a.err().message);
    CHECK(txt_of(*a) == "nsec3 a");
  }
  SECTION("the CNAME itself when asked for") {
    auto a = run("alias.example.test", rr_type::cname);
    REQUIRE(a.ok());
    CHECK(a->aliases.empty());
    CHECK(a->records.size() == 1);
  }
  SECTION("CNAME loop") { expect_error(run("loop1.example.test", rr_type::txt), "alias_loop"); }
  SECTION("DNAME substitution") {
    auto a = run("a.d.example.test", rr_type::txt);
    if (!a) FAIL(a.err().message);
    CHECK(txt_of(*a) == "nsec3 a");
    CHECK(a->final_name == N("a.n3.test"));
    REQUIRE(a->aliases.size() == 1);
    CHECK(a->aliases[0].type == rr_type::dname);
    check_proof_alone(*a);
  }
  SECTION("DNAME to a name that does not exist") {
    auto a = run("nope.d.example.test", rr_type::txt);
    if (!a) FAIL(a.err().message);
    CHECK(a->status == answer_status::nxdomain);
    CHECK(a->final_name == N("nope.n3.test"));
  }
  SECTION("a forged unsigned CNAME synthesised for a DNAME is not trusted") {
    auto pool = synthetic::get().pool;
    pool.push_back(zone_signer::name_record(N("a.d.example.test"), rr_type::cname, N("evil.example.test")));
    auto a = run(pool, synthetic::get().anchors, "a.d.example.test", rr_type::txt);
    // The answer follows the signed DNAME; the forged target is never used.
    if (!a) FAIL(a.err().message);
    CHECK(a->final_name == N("a.n3.test"));
    CHECK(txt_of(*a) == "nsec3 a");
    for (const auto& r : a->proof) CHECK(r.type != rr_type::cname);
  }
  SECTION("wildcard CNAME") {
    auto a = run("anything.wc.example.test", rr_type::txt);
    if (!a) FAIL(a.err().message);
    CHECK(txt_of(*a) == "bitcoin:?lno=lno1example");
  }
}

TEST_CASE("synthetic: wildcards need a proof that no closer match exists") {
  SECTION("NSEC zone") {
    auto a = run("x.wild.example.test", rr_type::txt);
    if (!a) FAIL(a.err().message);
    CHECK(a->wildcard);
    CHECK(txt_of(*a) == "from the wildcard");
    CHECK(a->records[0].owner == N("x.wild.example.test"));
    check_proof_alone(*a);
  }
  SECTION("NSEC3 zone") {
    auto a = run("x.w.n3.test", rr_type::txt);
    if (!a) FAIL(a.err().message);
    CHECK(a->wildcard);
    CHECK(txt_of(*a) == "nsec3 wildcard");
    check_proof_alone(*a);
  }
  SECTION("without the NSEC records the expansion is refused") {
    auto pool = synthetic::get().pool;
    auto a = run("x.wild.example.test", rr_type::txt).value();
    std::erase_if(pool, [](const rr& r) {
      return zone_signer::covered_type(r) == rr_type::nsec;
    });
    // Put the expanded answer and its RRSIG back (they were not NSEC).
    expect_error(run(pool, synthetic::get().anchors, "x.wild.example.test", rr_type::txt), "dnssec_bogus");
  }
  SECTION("a wildcard RRSIG replayed at a name below an existing closer encloser is refused") {
    // sub.wild.example.test exists, so *.wild.example.test must not answer for x.sub.wild.example.test.
    auto pool = synthetic::get().pool;
    auto base = run("x.wild.example.test", rr_type::txt).value();
    for (const auto& r : base.proof) {
      if ((r.type == rr_type::txt || r.type == rr_type::rrsig) && r.owner == N("x.wild.example.test")) {
        rr moved = r;
        moved.owner = N("x.sub.wild.example.test");
        pool.push_back(moved);
      }
    }
    expect_error(run(pool, synthetic::get().anchors, "x.sub.wild.example.test", rr_type::txt), "dnssec_bogus");
  }
}
