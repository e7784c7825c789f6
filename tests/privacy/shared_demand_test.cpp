// The demand counts relays share through Redis decay like the local table's:
// a request's weight halves every half-life, whichever day's set holds it.
#include <catch2/catch.hpp>

#include "hrn/privacy/shared_demand.hpp"

using namespace hrn;
using privacy::demand_counts;
using privacy::demand_day_seconds;
using privacy::demand_score;

namespace {

constexpr double half_life = 6 * 3600.0;
constexpr std::uint64_t day = 20'000;
constexpr std::uint64_t day_start = day * demand_day_seconds;

double count_of(const std::vector<std::pair<std::string, double>>& counts, const std::string& name) {
  for (const auto& [n, c] : counts)
    if (n == name) return c;
  return 0;
}

}  // namespace

TEST_CASE("shared demand: a request counts one when made, half a half-life later") {
  const auto t = day_start + 3600;
  cache::redis::shared_cache::demand_view view;
  view.today.push_back({"alice@example.com", demand_score(1, t, half_life)});
  CHECK(count_of(demand_counts(view, t, half_life), "alice@example.com") == Approx(1.0));
  CHECK(count_of(demand_counts(view, t + 6 * 3600, half_life), "alice@example.com") == Approx(0.5));
}

TEST_CASE("shared demand: yesterday's scores carry over the day boundary") {
  // Two requests late yesterday, read early today from yesterday's set.
  const auto t = day_start - 600;
  cache::redis::shared_cache::demand_view view;
  view.yesterday.push_back({"bob@example.org", demand_score(2, t, half_life)});
  view.today.push_back({"bob@example.org", demand_score(1, day_start + 600, half_life)});
  const auto counts = demand_counts(view, day_start + 600, half_life);
  // 2 requests 20 minutes ago plus 1 now.
  CHECK(count_of(counts, "bob@example.org") == Approx(2 * std::exp2(-1200 / half_life) + 1).epsilon(1e-9));
}

TEST_CASE("shared demand: scores that are not positive finite numbers are dropped") {
  cache::redis::shared_cache::demand_view view;
  view.today.push_back({"x@example.com", 0});
  view.today.push_back({"y@example.com", 1e308});
  const auto counts = demand_counts(view, day_start + 86399, half_life);
  CHECK(count_of(counts, "x@example.com") == 0);
  CHECK(count_of(counts, "y@example.com") > 0);
}
