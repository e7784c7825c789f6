// The store: freshness at its exact boundaries, byte accounting, the byte
// bound under random operations, refusal of oversized entries.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <string>

#include "hrn/cache/store.hpp"

using namespace hrn::cache;

namespace {

constexpr std::uint64_t t0 = 1'800'000'000;

// A found answer whose URI is `size` bytes, offer inside it.
std::shared_ptr<const answer> sized(std::size_t size, char fill = 'x') {
  std::string uri = "bitcoin:?lno=";
  if (size > uri.size()) uri.append(size - uri.size(), fill);
  return make_found(uri, std::string_view(uri).substr(std::min<std::size_t>(13, uri.size())), hrn::bytes(8, 1));
}

// Built with += : `"literal" + std::to_string(i)` trips a g++ 12 -Wrestrict false positive.
std::string key_of(std::string_view prefix, std::uint64_t i, std::string_view suffix) {
  std::string k(prefix);
  k += std::to_string(i);
  k += suffix;
  return k;
}

std::size_t summed(const store& s, std::uint64_t now) {
  std::size_t total = 0;
  s.for_each(now, [&](std::string_view key, const hit& h) { total += store::charge_of(key, *h.value); });
  return total;
}

}  // namespace

TEST_CASE("store: fresh, then stale, then dropped, at the exact second") {
  store s(1 << 20);
  auto v = sized(100);
  s.insert("alice@example.com", v, t0, 300, 60);
  auto h = s.find("alice@example.com", t0);
  REQUIRE(h);
  CHECK(h->value == v);
  CHECK(h->stored_at == t0);
  CHECK(h->expires_at == t0 + 300);
  CHECK(h->stale_until == t0 + 360);
  CHECK(h->state == freshness::fresh);
  CHECK(s.find("alice@example.com", t0 + 299)->state == freshness::fresh);
  CHECK(s.find("alice@example.com", t0 + 300)->state == freshness::stale);  // expires_at <= now
  CHECK(s.find("alice@example.com", t0 + 359)->state == freshness::stale);
  CHECK_FALSE(s.find("alice@example.com", t0 + 360));                      // window over: dropped
  CHECK(s.entries() == 0);
  CHECK(s.bytes() == 0);
  CHECK(s.evictions() == 0);  // an expiry is not an eviction
}

TEST_CASE("store: without a stale window an entry is gone the second it expires") {
  store s(1 << 20);
  s.insert("bob@example.com", sized(50), t0, 10, 0);
  CHECK(s.find("bob@example.com", t0 + 9));
  CHECK_FALSE(s.find("bob@example.com", t0 + 10));
  CHECK(s.entries() == 0);
}

TEST_CASE("store: ttl 0 and a null value do nothing") {
  store s(1 << 20);
  s.insert("a@b.c", sized(50), t0, 0, 600);
  s.insert("a@b.c", nullptr, t0, 10, 600);
  CHECK(s.entries() == 0);
  s.insert("a@b.c", sized(50), t0, 10, 0);
  s.insert("a@b.c", sized(60), t0 + 1, 0, 600);  // not cacheable: the old entry stays
  CHECK(s.find("a@b.c", t0 + 1)->value->uri.size() == 50);
}

TEST_CASE("store: replacing an entry updates its value, times and bytes") {
  store s(1 << 20);
  s.insert("carol@example.com", sized(100), t0, 300, 60);
  s.insert("dave@example.com", sized(200), t0, 300, 60);
  const std::size_t before = s.bytes();
  CHECK(before == summed(s, t0));
  auto bigger = sized(1000);
  s.insert("carol@example.com", bigger, t0 + 100, 50, 0);
  CHECK(s.entries() == 2);
  CHECK(s.bytes() == before + 900);
  CHECK(s.bytes() == summed(s, t0 + 100));
  auto h = s.find("carol@example.com", t0 + 120);
  REQUIRE(h);
  CHECK(h->value == bigger);
  CHECK(h->stored_at == t0 + 100);
  CHECK(h->expires_at == t0 + 150);
  CHECK(s.erase("carol@example.com"));
  CHECK_FALSE(s.erase("carol@example.com"));
  CHECK(s.bytes() == store::charge_of("dave@example.com", *sized(200)));
}

TEST_CASE("store: the offer is a view of the URI and is not charged twice") {
  const std::string uri = "bitcoin:?lno=lno1qsgqexample";
  auto a = make_found(uri, "lno1qsgqexample", {});
  CHECK(a->offer() == "lno1qsgqexample");
  CHECK(a->payload_bytes() == uri.size());
  auto copied = make_found(uri, "LNO1QSGQEXAMPLE", {});  // not a substring: kept as a copy
  CHECK(copied->offer() == "LNO1QSGQEXAMPLE");
  CHECK(copied->payload_bytes() == uri.size() + 15);
  auto none = make_found("bitcoin:bc1qexample", "", {});
  CHECK(none->offer().empty());
  CHECK(make_absent(hrn::bytes(40, 2))->payload_bytes() == 40);
}

TEST_CASE("store: an entry larger than the whole store is refused") {
  const std::size_t max = 4096;
  store s(max);
  s.insert("small@example.com", sized(100), t0, 300, 0);
  s.insert("huge@example.com", sized(max), t0, 300, 0);
  CHECK_FALSE(s.find("huge@example.com", t0));
  CHECK(s.entries() == 1);
  CHECK(s.evictions() == 0);
  // Replacing with an oversized value drops the superseded entry.
  s.insert("small@example.com", sized(max), t0, 300, 0);
  CHECK(s.entries() == 0);
  CHECK(s.bytes() == 0);
  store none(0);
  none.insert("a@b.c", sized(1), t0, 300, 0);
  CHECK(none.entries() == 0);
}

TEST_CASE("store: evictions keep the bound and are counted") {
  const std::size_t each = store::charge_of("user000@example.com", *sized(200));
  store s(each * 10);
  for (int i = 0; i < 30; ++i) {
    std::string key = key_of("user", 100 + static_cast<std::uint64_t>(i), "@example.com");
    s.insert(key, sized(200), t0, 300, 0);
    CHECK(s.bytes() <= s.max_bytes());
  }
  CHECK(s.entries() == 10);
  CHECK(s.evictions() == 20);
  CHECK(s.bytes() == 10 * each);
}

TEST_CASE("store: expired entries go first when room is needed, without counting as evictions") {
  const std::size_t each = store::charge_of("user100@example.com", *sized(200));
  store s(each * 4);
  for (int i = 0; i < 4; ++i) s.insert(key_of("user", 100 + static_cast<std::uint64_t>(i), "@example.com"), sized(200), t0, 10, 0);
  s.insert("user200@example.com", sized(200), t0 + 20, 300, 0);
  CHECK(s.evictions() == 0);
  CHECK(s.find("user200@example.com", t0 + 20));
  CHECK(s.purge(t0 + 20) == 3);
  CHECK(s.entries() == 1);
  CHECK(s.bytes() == each);
}

TEST_CASE("store: a recently used entry survives a burst of newcomers") {
  const std::size_t each = store::charge_of("user100@example.com", *sized(200));
  store s(each * 20);
  s.insert("popular@example.co", sized(200), t0, 3600, 0);
  for (int i = 0; i < 200; ++i) {
    REQUIRE(s.find("popular@example.co", t0 + static_cast<std::uint64_t>(i)));
    s.insert(key_of("user", 100 + static_cast<std::uint64_t>(i), "@example.com"), sized(200), t0 + static_cast<std::uint64_t>(i), 3600, 0);
  }
  CHECK(s.find("popular@example.co", t0 + 200));
}

TEST_CASE("store: the byte bound holds under thousands of random operations") {
  std::mt19937_64 rng(20260101);
  const std::size_t max = 64 * 1024;
  store s(max);
  std::uint64_t now = t0;
  std::map<std::string, std::size_t> last_size;  // what each key was last given
  for (int op = 0; op < 20000; ++op) {
    std::string key = key_of("k", rng() % 500, "@d");
    key += std::to_string(rng() % 7);
    key += ".example";
    switch (rng() % 10) {
      case 0: s.erase(key); break;
      case 1: case 2: case 3: case 4: {
        auto h = s.find(key, now);
        if (h) CHECK(h->value->uri.size() == last_size[key]);
        break;
      }
      default: {
        // Mostly small, sometimes large, rarely larger than the store.
        const std::size_t size = rng() % 50 == 0 ? max : 16 + rng() % (rng() % 8 == 0 ? 8000 : 600);
        last_size[key] = size;
        s.insert(key, sized(size), now, static_cast<std::uint32_t>(rng() % 120), static_cast<std::uint32_t>(rng() % 60));
      }
    }
    REQUIRE(s.bytes() <= max);
    if (rng() % 4 == 0) now += rng() % 5;
    if (op % 1000 == 999) {
      s.purge(now);
      REQUIRE(s.bytes() == summed(s, now));
    }
  }
  CHECK(s.evictions() > 0);
}

TEST_CASE("store: a name evicted on probation and asked again goes to the main queue") {
  const std::size_t each = store::charge_of("user100@example.com", *sized(200));
  store s(each * 10);  // the small queue's share is one entry
  s.insert("user000@example.com", sized(200), t0, 3600, 0);
  for (std::uint64_t i = 1; i <= 10; ++i) s.insert(key_of("user", 100 + i, "@example.com"), sized(200), t0, 3600, 0);
  REQUIRE_FALSE(s.find("user000@example.com", t0));  // evicted unused from the small queue: a ghost now
  s.insert("user000@example.com", sized(200), t0, 3600, 0);
  // Newcomers pass through the small queue and go first; the returning name stays.
  for (std::uint64_t i = 0; i < 20; ++i) s.insert(key_of("user", 200 + i, "@example.com"), sized(200), t0, 3600, 0);
  CHECK(s.find("user000@example.com", t0));
  CHECK(s.bytes() <= s.max_bytes());
}
