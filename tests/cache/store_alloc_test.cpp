// A cache hit must not allocate (DESIGN.md: nothing on the hit path that
// grows with load). Counted by replacing the global operator new in this
// test program; only the calls between the two reads of the counter matter.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

#include "hrn/cache/store.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}

void* operator new(std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

TEST_CASE("store: find on a hit (and on a miss) does not allocate") {
  using namespace hrn::cache;
  store s(1 << 20);
  const std::string key = "a-name-long-enough-to-need-the-heap@example.com";
  s.insert(key, make_found("bitcoin:?lno=lno1x", "lno1x", hrn::bytes(64, 1)), 1000, 300, 60);
  const std::string_view view = key;
  const std::size_t before = allocations.load();
  auto fresh = s.find(view, 1000);
  auto stale = s.find(view, 1300);
  auto miss = s.find("nobody-with-a-long-name-too@example.com", 1000);
  const std::size_t after = allocations.load();
  CHECK(fresh.has_value());
  CHECK(stale.has_value());
  CHECK_FALSE(miss.has_value());
  CHECK(before > 0);  // the counter does see allocations (the insert made some)
  CHECK(after == before);
}
