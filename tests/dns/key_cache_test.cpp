// The validated-key cache: what a hit saves, and that it never lets through
// what a cold validation would refuse.
#include <catch2/catch.hpp>

#include <algorithm>

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/key_cache.hpp"
#include "synthetic_world.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;
using zone_signer::now;

namespace {

const name alice = N("user._bitcoin-payment.example.test");

hrn::result<validated_answer> run(const std::vector<rr>& pool, const std::vector<trust_anchor>& anchors,
                                  validated_key_cache& cache, std::uint64_t at, validation_work* work = nullptr) {
  validation_context context{&cache, {}};
  auto a = chain_validator(anchors).validate(pool, alice, rr_type::txt, at, context);
  if (work) *work = context.work;
  return a;
}

bool same_records(std::vector<rr> a, std::vector<rr> b) {
  if (a.size() != b.size()) return false;
  for (const auto& r : a)
    if (std::find(b.begin(), b.end(), r) == b.end()) return false;
  return true;
}

}  // namespace

TEST_CASE("key cache: a warm validation verifies only the answer and proves the same") {
  const auto& w = synthetic::get();
  validated_key_cache cache;
  validation_work cold_work, warm_work;
  auto cold = run(w.pool, w.anchors, cache, now, &cold_work);
  REQUIRE(cold.ok());
  CHECK(cache.size() == 3);  // ., test., example.test.
  CHECK(cold_work.signature_checks >= 6);
  auto warm = run(w.pool, w.anchors, cache, now + 10, &warm_work);
  REQUIRE(warm.ok());
  CHECK(warm_work.signature_checks == 1);  // the TXT RRset alone
  CHECK(cache.hits() >= 1);
  CHECK(warm->records == cold->records);
  CHECK(warm->earliest_expiry == cold->earliest_expiry);
  CHECK(warm->min_ttl <= cold->min_ttl);
  CHECK(same_records(warm->proof, cold->proof));
  // The proof from a warm run stands alone, without the cache.
  auto alone = verify_chain(alice, rr_type::txt, serialize_auth_chain(warm->proof), w.anchors, now + 10);
  REQUIRE(alone.ok());
  CHECK(alone->records == warm->records);
}

TEST_CASE("key cache: keys count with the TTL they have left and expire") {
  const auto& w = synthetic::get();
  validated_key_cache cache;
  auto cold = run(w.pool, w.anchors, cache, now);
  REQUIRE(cold.ok());
  // The test zones' DS/DNSKEY TTLs are 3600 s at most.
  validation_work work;
  auto later = run(w.pool, w.anchors, cache, now + 3599, &work);
  REQUIRE(later.ok());
  CHECK(later->min_ttl <= 1);
  CHECK(work.signature_checks == 1);
  auto expired = run(w.pool, w.anchors, cache, now + 3601, &work);
  REQUIRE(expired.ok());
  CHECK(work.signature_checks >= 6);  // validated from the anchors again
}

TEST_CASE("key cache: a hit needs the same trust anchors") {
  const auto& w = synthetic::get();
  validated_key_cache cache;
  REQUIRE(run(w.pool, w.anchors, cache, now).ok());
  // Under other anchors the cached keys are not used at all.
  auto other_anchor = w.anchors;
  for (const auto& r : w.pool)  // test.'s own DS as a second anchor: the same keys, other anchors
    if (r.owner == N("test") && r.type == rr_type::ds) other_anchor.push_back(trust_anchor{r.owner, decode_ds(r.rdata).value()});
  REQUIRE(other_anchor.size() == w.anchors.size() + 1);
  auto b = chain_validator(other_anchor).validate(w.pool, alice, rr_type::txt, now);
  REQUIRE(b.ok());
  validation_context context{&cache, {}};
  auto c = chain_validator(other_anchor).validate(w.pool, alice, rr_type::txt, now, context);
  REQUIRE(c.ok());
  CHECK(context.work.signature_checks >= 3);  // test., example.test. and the TXT, not from the cache
}

TEST_CASE("key cache: a warm cache never turns a forged answer into a valid one") {
  const auto& w = synthetic::get();
  validated_key_cache cache;
  REQUIRE(run(w.pool, w.anchors, cache, now).ok());
  auto forged = w.pool;
  for (auto& r : forged)
    if (r.owner == alice && r.type == rr_type::txt) r.rdata.back() ^= 1;  // the TXT changed after signing
  auto a = run(forged, w.anchors, cache, now);
  REQUIRE_FALSE(a.ok());
  CHECK(a.err().code == errc::dnssec_bogus);
  // A DNSKEY RRset with one key added is not the validated one: it is checked from scratch.
  auto extra_key = w.pool;
  auto k = zone_signer::make_key(13, 256, 7);
  extra_key.push_back(zone_signer::record(N("example.test"), rr_type::dnskey, k.dnskey_rdata, 3600));
  auto b = run(extra_key, w.anchors, cache, now);
  REQUIRE_FALSE(b.ok());  // its RRSIG no longer covers the RRset
  CHECK(b.err().code == errc::dnssec_bogus);
}

TEST_CASE("key cache: bounded") {
  const auto& w = synthetic::get();
  validated_key_cache cache(2);
  REQUIRE(run(w.pool, w.anchors, cache, now).ok());
  CHECK(cache.size() <= 2);
  validated_key_cache none(0);
  REQUIRE(run(w.pool, w.anchors, none, now).ok());
  CHECK(none.size() == 0);
}
