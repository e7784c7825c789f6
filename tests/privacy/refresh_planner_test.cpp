// When cached entries are refreshed: late in their TTL, at a moment stable
// per entry, and never after they expired.
#include <catch2/catch.hpp>

#include <set>

#include "support/numbered.hpp"
#include "hrn/privacy/refresh_planner.hpp"

using namespace hrn::privacy;

namespace {

using test_support::numbered;

cached_entry entry(std::string name, std::uint64_t stored_at, std::uint64_t expires_at) {
  cached_entry e;
  e.name = std::move(name);
  e.stored_at = stored_at;
  e.expires_at = expires_at;
  return e;
}
}  // namespace

TEST_CASE("refresh: the moment is in the last quarter of the TTL, a few seconds before expiry") {
  refresh_planner planner(0x1234);
  std::set<std::uint64_t> moments;
  for (int i = 0; i < 200; ++i) {
    auto e = entry(numbered("n", i, "@x.com"), 1000, 1400);
    auto m = planner.moment(e);
    REQUIRE(m);
    CHECK(*m >= 1300);
    CHECK(*m <= 1395);
    moments.insert(*m);
  }
  CHECK(moments.size() > 40);  // spread, not one moment for all
}

TEST_CASE("refresh: the moment is stable per entry and changes with the entry") {
  refresh_planner planner(42);
  auto e = entry("alice@example.com", 1000, 5000);
  CHECK(planner.moment(e) == planner.moment(e));
  CHECK(refresh_planner(42).moment(e) == planner.moment(e));
  std::set<std::uint64_t> by_store, by_key;
  for (std::uint64_t s = 0; s < 50; ++s) by_store.insert(*planner.moment(entry("alice@example.com", 1000 + s, 5000 + s)) - s);
  for (std::uint64_t k = 0; k < 50; ++k) by_key.insert(*refresh_planner(k).moment(e));
  CHECK(by_store.size() > 10);
  CHECK(by_key.size() > 10);  // another process, other moments
}

TEST_CASE("refresh: due from the moment until expiry, never after") {
  refresh_planner planner(7);
  auto e = entry("bob@example.com", 1000, 2000);
  const auto m = *planner.moment(e);
  CHECK_FALSE(planner.due(e, m - 1));
  CHECK(planner.due(e, m));
  CHECK(planner.due(e, 1999));
  CHECK_FALSE(planner.due(e, 2000));
  CHECK_FALSE(planner.due(e, 5000));
}

TEST_CASE("refresh: short TTLs") {
  refresh_planner planner(9);
  CHECK_FALSE(planner.moment(entry("a@x.com", 1000, 1005)));  // no room before the lead
  CHECK_FALSE(planner.due(entry("a@x.com", 1000, 1005), 1003));
  CHECK(planner.moment(entry("a@x.com", 1000, 1008)) == 1003u);  // the latest moment only
  auto m = planner.moment(entry("a@x.com", 1000, 1020));
  REQUIRE(m);
  CHECK(*m >= 1015);
  CHECK(*m <= 1015);  // the last quarter (5 s) ends where the 5 s lead begins
}

TEST_CASE("refresh: due entries, most urgent first") {
  refresh_planner planner(3);
  std::vector<cached_entry> entries{entry("late@x.com", 0, 1003), entry("soon@x.com", 0, 1001),
                                    entry("fresh@x.com", 999, 5000), entry("gone@x.com", 0, 1000)};
  auto due = planner.due_entries(entries, 1000);
  REQUIRE(due.size() == 2);
  CHECK(due[0].name == "soon@x.com");
  CHECK(due[1].name == "late@x.com");
}
