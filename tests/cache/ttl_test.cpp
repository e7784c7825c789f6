// entry_ttl and stale_window: every bound the records set wins in its turn,
// negative answers get their floor but never outlive their proof.
#include <catch2/catch.hpp>

#include "hrn/cache/ttl.hpp"

using namespace hrn::cache;

namespace {

constexpr std::uint64_t now = 1'800'000'000;

ttl_inputs positive(std::uint32_t chain_ttl, std::uint64_t sig_left, std::optional<std::uint64_t> offer_left = {}) {
  ttl_inputs in;
  in.found = true;
  in.chain_ttl = chain_ttl;
  in.earliest_signature_expiry = now + sig_left;
  if (offer_left) in.offer_absolute_expiry = now + *offer_left;
  return in;
}

ttl_inputs negative(std::uint32_t chain_ttl, std::uint64_t sig_left) {
  ttl_inputs in = positive(chain_ttl, sig_left);
  in.found = false;
  return in;
}

}  // namespace

TEST_CASE("entry_ttl: each bound wins in turn") {
  const ttl_policy policy;  // max_ttl 86400
  CHECK(entry_ttl(positive(300, 10'000, 20'000), policy, now) == 300);        // chain TTL
  CHECK(entry_ttl(positive(3600, 1'000, 20'000), policy, now) == 1'000);      // signature expiry
  CHECK(entry_ttl(positive(3600, 10'000, 500), policy, now) == 500);          // offer expiry
  CHECK(entry_ttl(positive(200'000, 300'000, 400'000), policy, now) == 86400);  // operator ceiling
  CHECK(entry_ttl(positive(3600, 10'000), policy, now) == 3600);              // no offer expiry
}

TEST_CASE("entry_ttl: anything already expired means do not cache") {
  const ttl_policy policy;
  CHECK(entry_ttl(positive(300, 0), policy, now) == 0);
  CHECK(entry_ttl(positive(300, 10'000, 0), policy, now) == 0);
  ttl_inputs past = positive(300, 0);
  past.earliest_signature_expiry = now - 1;
  CHECK(entry_ttl(past, policy, now) == 0);
  CHECK(entry_ttl(positive(0, 10'000), policy, now) == 0);  // TTL 0 records: not cacheable
  // A negative proof whose signatures have lapsed proves nothing any more.
  CHECK(entry_ttl(negative(300, 0), policy, now) == 0);
}

TEST_CASE("entry_ttl: negative answers get the floor, never past the signature expiry") {
  ttl_policy policy;
  policy.min_negative_ttl = 60;
  CHECK(entry_ttl(negative(5, 10'000), policy, now) == 60);      // floor
  CHECK(entry_ttl(negative(0, 10'000), policy, now) == 60);      // even a zero TTL
  CHECK(entry_ttl(negative(900, 10'000), policy, now) == 900);   // above the floor: the chain's TTL
  CHECK(entry_ttl(negative(5, 30), policy, now) == 30);          // floor cut by the signature expiry
  // The offer's expiry is about offers: it does not bound a negative answer.
  ttl_inputs n = negative(900, 10'000);
  n.offer_absolute_expiry = now + 1;
  CHECK(entry_ttl(n, policy, now) == 900);
  // The operator's ceiling wins over an inconsistent floor.
  policy.max_ttl = 30;
  CHECK(entry_ttl(negative(5, 10'000), policy, now) == 30);
}

TEST_CASE("entry_ttl: far-future expiries do not overflow") {
  const ttl_policy policy;
  ttl_inputs in = positive(UINT32_MAX, 0, 0);
  in.earliest_signature_expiry = UINT64_MAX;
  in.offer_absolute_expiry = UINT64_MAX;
  CHECK(entry_ttl(in, policy, now) == 86400);
  CHECK(entry_ttl(in, policy, UINT64_MAX - 1) == 1);
  CHECK(stale_window(in, policy, UINT64_MAX - 100, 50) == 50);
}

TEST_CASE("stale_window: at most stale_max, never past what the records allow") {
  ttl_policy policy;
  policy.stale_max = 3600;
  CHECK(stale_window(positive(300, 100'000), policy, now, 300) == 3600);
  // Signatures expire 1000 s after the TTL: serve stale only until then.
  CHECK(stale_window(positive(300, 1'300), policy, now, 300) == 1'000);
  CHECK(stale_window(positive(300, 100'000, 500), policy, now, 300) == 200);  // the offer lapses
  CHECK(stale_window(positive(1'000, 1'000), policy, now, 1'000) == 0);   // TTL was cut by the signatures
  CHECK(stale_window(positive(300, 100'000), policy, now, 0) == 0);       // not cached at all
}
