// Pools as merged upstream responses shape them: repeated records, names no
// trust anchor covers.
#include <catch2/catch.hpp>

#include "hrn/dns/errors.hpp"
#include "synthetic_world.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;
using zone_signer::now;

TEST_CASE("pool shape: a repeated NSEC3 record (another TTL) still proves NXDOMAIN") {
  const auto& w = synthetic::get();
  auto pool = w.pool;
  for (const auto& r : w.pool)
    if (r.type == rr_type::nsec3 && r.owner.parent() == N("n3.test")) {
      rr copy = r;
      copy.ttl = 60;
      pool.push_back(copy);
    }
  auto a = chain_validator(w.anchors).validate(pool, N("nope.n3.test"), rr_type::txt, now);
  if (!a) FAIL(a.err().code << ": " << a.err().message);
  CHECK(a->status == answer_status::nxdomain);
  CHECK(a->min_ttl <= 60);  // the lower TTL of the two copies counts
}

TEST_CASE("pool shape: a name no trust anchor covers is indeterminate") {
  const auto& w = synthetic::get();
  std::vector<trust_anchor> only_example;
  for (const auto& r : w.pool)
    if (r.owner == N("example.test") && r.type == rr_type::ds)
      only_example.push_back(trust_anchor{r.owner, decode_ds(r.rdata).value()});
  REQUIRE_FALSE(only_example.empty());
  chain_validator v(only_example);
  auto outside = v.validate(w.pool, N("a.alg10.test"), rr_type::txt, now);
  REQUIRE_FALSE(outside.ok());
  CHECK(outside.err().code == errc::dnssec_indeterminate);
  CHECK(security_of(outside.err()) == security_status::indeterminate);
  // Inside the anchored subtree the same validator proves answers.
  auto inside = v.validate(w.pool, N("user._bitcoin-payment.example.test"), rr_type::txt, now);
  if (!inside) FAIL(inside.err().code << ": " << inside.err().message);
  CHECK(inside->security == security_status::secure);
}
