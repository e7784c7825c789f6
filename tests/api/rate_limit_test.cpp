#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "hrn/api/rate_limit.hpp"

using hrn::api::rate_limiter;
using namespace std::chrono_literals;

namespace {

const rate_limiter::clock::time_point t0{};

hrn::api::rate_limiter_config config(double per_second, double burst, double onion_rate = 100,
                                     double onion_burst = 400, std::size_t max_clients = 65536) {
  hrn::api::rate_limiter_config c;
  c.per_client = {per_second, burst};
  c.onion = {onion_rate, onion_burst};
  c.max_clients = max_clients;
  return c;
}

int allowed(rate_limiter& r, std::string_view key, rate_limiter::clock::time_point now, int tries) {
  int n = 0;
  for (int i = 0; i < tries; ++i) n += r.allow(key, now) ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("rate limiter: a new client gets its burst at once, then nothing") {
  rate_limiter r(config(10, 40));
  CHECK(allowed(r, "192.0.2.1", t0, 100) == 40);
  CHECK_FALSE(r.allow("192.0.2.1", t0));
  CHECK(r.retry_after("192.0.2.1", t0) == 1s);
}

TEST_CASE("rate limiter: tokens refill at the configured rate, up to the burst") {
  rate_limiter r(config(10, 40));
  CHECK(allowed(r, "a", t0, 40) == 40);
  // 10 a second: 250 ms gives 2.5 tokens, so 2 requests.
  CHECK(allowed(r, "a", t0 + 250ms, 10) == 2);
  // The half token left over is kept: 50 ms more makes it whole.
  CHECK(allowed(r, "a", t0 + 300ms, 10) == 1);
  // A long pause refills to the burst, never beyond it.
  CHECK(allowed(r, "a", t0 + 1h, 100) == 40);
}

TEST_CASE("rate limiter: Retry-After rounds the wait up to whole seconds") {
  rate_limiter r(config(0.25, 1));  // one request every four seconds
  CHECK(r.retry_after("a", t0) == 0s);  // unknown client: may go now
  CHECK(r.allow("a", t0));
  CHECK_FALSE(r.allow("a", t0 + 1s));
  CHECK(r.retry_after("a", t0 + 1s) == 3s);
  CHECK(r.retry_after("a", t0 + 3500ms) == 1s);
  CHECK(r.retry_after("a", t0 + 4s) == 0s);
  CHECK(r.allow("a", t0 + 4s));
}

TEST_CASE("rate limiter: clients do not share buckets") {
  rate_limiter r(config(1, 5));
  CHECK(allowed(r, "198.51.100.7", t0, 10) == 5);
  CHECK(allowed(r, "198.51.100.8", t0, 10) == 5);
  CHECK(allowed(r, "2001:db8:1:2::/64", t0, 10) == 5);
  CHECK_FALSE(r.allow("198.51.100.7", t0));
  CHECK(r.size() == 4);  // and the IPv6 client's /48
}

TEST_CASE("rate limiter: time going backwards does not refill a bucket") {
  rate_limiter r(config(1, 2));
  CHECK(allowed(r, "a", t0 + 10s, 5) == 2);
  CHECK_FALSE(r.allow("a", t0));
  CHECK_FALSE(r.allow("a", t0 + 10s));
  CHECK(r.allow("a", t0 + 11s));
}

TEST_CASE("rate limiter: all onion traffic shares one bucket with its own rate") {
  rate_limiter r(config(1, 2, 5, 20));
  CHECK(allowed(r, rate_limiter::onion_key, t0, 100) == 20);
  CHECK(r.retry_after("onion", t0) == 1s);
  CHECK(allowed(r, "onion", t0 + 1s, 100) == 5);
  // The onion bucket is not a per-client entry, and clear-net clients keep theirs.
  CHECK(r.size() == 0);
  CHECK(allowed(r, "127.0.0.1", t0, 10) == 2);
}

TEST_CASE("rate limiter: a rate of 0 disables limiting") {
  rate_limiter r(config(0, 1, 0, 1));
  CHECK(allowed(r, "a", t0, 10000) == 10000);
  CHECK(allowed(r, "onion", t0, 10000) == 10000);
  CHECK(r.retry_after("a", t0) == 0s);
  CHECK(r.size() == 0);  // nothing is kept for a disabled limit

  // Each class is switched off on its own.
  rate_limiter only_onion(config(0, 1, 1, 1));
  CHECK(allowed(only_onion, "a", t0, 100) == 100);
  CHECK(allowed(only_onion, "onion", t0, 100) == 1);
}

TEST_CASE("rate limiter: a burst below one still lets one request through") {
  rate_limiter r(config(1, 0));
  CHECK(allowed(r, "a", t0, 5) == 1);
}

TEST_CASE("rate limiter: a million distinct clients cannot grow the table past its bound") {
  rate_limiter r(config(10, 40, 100, 400, 65536));
  auto now = t0;
  for (std::uint32_t i = 0; i < 1'000'000; ++i) {
    // An attacker cycling addresses, one request each, 10 µs apart.
    const std::string key = std::to_string(i >> 24) + '.' + std::to_string((i >> 16) & 255) + '.' +
                            std::to_string((i >> 8) & 255) + '.' + std::to_string(i & 255);
    REQUIRE(r.allow(key, now));
    now += 10us;
  }
  CHECK(r.size() == 65536);

  // A client that keeps asking stays in the table and stays limited.
  rate_limiter s(config(1, 3, 100, 400, 100));
  CHECK(allowed(s, "victim", t0, 3) == 3);
  for (int i = 0; i < 1000; ++i) {
    CHECK(s.allow("attacker" + std::to_string(i), t0));
    if (i % 50 == 0) CHECK_FALSE(s.allow("victim", t0));  // touched: most recently used
  }
  CHECK(s.size() == 100);
  CHECK_FALSE(s.allow("victim", t0));
}

TEST_CASE("rate limiter: a dropped idle bucket comes back full, as it would have refilled") {
  rate_limiter r(config(1, 2, 100, 400, 2));
  CHECK(allowed(r, "a", t0, 2) == 2);
  CHECK(r.allow("b", t0 + 2s));
  CHECK(r.allow("c", t0 + 2s));  // evicts "a", which had refilled anyway
  CHECK(r.size() == 2);
  CHECK(allowed(r, "a", t0 + 2s, 5) == 2);
}

TEST_CASE("rate limiter: a batch takes one token per name, all or none, and waits for them all") {
  rate_limiter r(config(1, 40));
  CHECK(r.allow("192.0.2.9", t0, 32));       // 8 left
  CHECK_FALSE(r.allow("192.0.2.9", t0, 10));  // nothing taken
  CHECK(r.allow("192.0.2.9", t0, 8));
  // 10 more names need 10 s at one token a second.
  CHECK(r.retry_after("192.0.2.9", t0, 10) == 10s);
  CHECK(r.retry_after("192.0.2.9", t0) == 1s);
}

TEST_CASE("rate limiter: an IPv6 /48 is also limited as a whole") {
  CHECK(hrn::api::prefix48_of("2001:db8:1:2::/64") == "2001:db8:1::/48");
  CHECK(hrn::api::prefix48_of("2001:db8::/64") == "2001:db8:0::/48");
  CHECK(hrn::api::prefix48_of("::/64") == "0:0:0::/48");
  CHECK_FALSE(hrn::api::prefix48_of("192.0.2.1"));
  CHECK_FALSE(hrn::api::prefix48_of("onion"));
  hrn::api::rate_limiter_config c;
  c.per_client = {1, 4};
  c.per_prefix48 = {4, 16};
  rate_limiter r(c);
  // Rotating through /64s of one /48: 4 each, but 16 in all.
  int allowed = 0;
  for (int i = 0; i < 64; ++i) {
    const std::string key = "2001:db8:1:" + std::to_string(i + 1) + "::/64";
    for (int j = 0; j < 4; ++j) allowed += r.allow(key, t0) ? 1 : 0;
  }
  CHECK(allowed == 16);
  CHECK(r.retry_after("2001:db8:1:99::/64", t0) >= 1s);
  // Another /48 is not affected, and a /64 that is refused spends nothing.
  CHECK(r.allow("2001:db8:2:1::/64", t0));
}

TEST_CASE("rate limiter: reconfigure keeps each bucket's tokens under the new rate and burst") {
  rate_limiter r(config(1, 10));
  CHECK(allowed(r, "a", t0, 8) == 8);  // 2 tokens left
  r.reconfigure(config(100, 4));
  CHECK(allowed(r, "a", t0, 10) == 2);                  // not refilled by the reload
  CHECK(allowed(r, "a", t0 + 10ms, 10) == 1);           // the new rate: 100/s
  CHECK(allowed(r, "b", t0, 10) == 4);                  // a new client: the new burst
  r.reconfigure(config(0, 1));
  CHECK(allowed(r, "a", t0, 1000) == 1000);             // off
  r.reconfigure(config(1, 3));
  CHECK(allowed(r, "c", t0 + 1s, 10) == 3);
  CHECK(r.retry_after("c", t0 + 1s) == 1s);
}
