// The pure parts of a round: which lookups fill its slots, where decoys come
// from (and never from anywhere else), how K follows the load.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "support/numbered.hpp"
#include "hrn/privacy/round_plan.hpp"

using namespace hrn::privacy;

namespace {

using test_support::numbered;


std::vector<std::string> names_of(const std::vector<planned_lookup>& plan, lookup_kind kind) {
  std::vector<std::string> out;
  for (const auto& p : plan)
    if (p.kind == kind) out.push_back(p.name);
  return out;
}

const std::vector<std::string> no_names;

}  // namespace

TEST_CASE("round: real lookups first, oldest first, then due refreshes, then decoys") {
  const std::vector<std::string_view> queue{"a@x.com", "b@x.com", "c@x.com"};
  const std::vector<std::string> refreshes{"r1@x.com", "r2@x.com"};
  const std::vector<std::string> decoys{"d1@x.com", "d2@x.com", "d3@x.com", "d4@x.com"};
  auto plan = compose_round(queue, refreshes, decoys, 8, idle_policy::cover);
  REQUIRE(plan.size() == 8);
  CHECK(names_of(plan, lookup_kind::real) == std::vector<std::string>{"a@x.com", "b@x.com", "c@x.com"});
  CHECK(plan[0].queue_index == 0);
  CHECK(plan[2].queue_index == 2);
  CHECK(names_of(plan, lookup_kind::refresh) == std::vector<std::string>{"r1@x.com", "r2@x.com"});
  CHECK(names_of(plan, lookup_kind::decoy) == std::vector<std::string>{"d1@x.com", "d2@x.com", "d3@x.com"});
  CHECK(plan[3].kind == lookup_kind::refresh);
  CHECK(plan[5].kind == lookup_kind::decoy);

  // Only K: the real ones take precedence, the rest wait.
  auto small = compose_round(queue, refreshes, decoys, 2, idle_policy::cover);
  CHECK(names_of(small, lookup_kind::real) == std::vector<std::string>{"a@x.com", "b@x.com"});
  auto four = compose_round(queue, refreshes, decoys, 4, idle_policy::cover);
  CHECK(names_of(four, lookup_kind::refresh) == std::vector<std::string>{"r1@x.com"});
  CHECK(names_of(four, lookup_kind::decoy).empty());
}

TEST_CASE("round: cover fills exactly K, quiet sends no decoys") {
  const std::vector<std::string_view> queue{"a@x.com"};
  const std::vector<std::string> refreshes{"r@x.com"};
  const std::vector<std::string> decoys{"d1@x.com", "d2@x.com", "d3@x.com", "d4@x.com", "d5@x.com",
                                        "d6@x.com", "d7@x.com", "d8@x.com"};
  CHECK(compose_round(queue, refreshes, decoys, 8, idle_policy::cover).size() == 8);
  auto quiet = compose_round(queue, refreshes, decoys, 8, idle_policy::quiet);
  CHECK(quiet.size() == 2);
  CHECK(names_of(quiet, lookup_kind::decoy).empty());
  // Quiet with nothing waiting and nothing due: an empty round.
  CHECK(compose_round({}, no_names, decoys, 8, idle_policy::quiet).empty());
  // Cover with no known name: only what there is.
  CHECK(compose_round(queue, no_names, no_names, 8, idle_policy::cover).size() == 1);
}

TEST_CASE("round: a name appears once per round") {
  const std::vector<std::string_view> queue{"a@x.com", "a@x.com", "b@x.com"};
  const std::vector<std::string> refreshes{"b@x.com", "r@x.com"};
  const std::vector<std::string> decoys{"a@x.com", "r@x.com", "d@x.com"};
  auto plan = compose_round(queue, refreshes, decoys, 8, idle_policy::cover);
  REQUIRE(plan.size() == 4);
  CHECK(plan[0].name == "a@x.com");
  CHECK(plan[1].name == "b@x.com");
  CHECK(plan[1].queue_index == 2);  // the second a@x.com waits for the next round
  CHECK(plan[2].name == "r@x.com");
  CHECK(plan[2].kind == lookup_kind::refresh);
  CHECK(plan[3].name == "d@x.com");
}

TEST_CASE("decoys: from the demand table, weighted by demand") {
  demand_table demand;
  for (int i = 0; i < 3; ++i) demand.note("popular@x.com", 100.0);
  demand.note("rare@x.com", 100.0);
  auto rng = random_source::seeded(7);
  std::map<std::string, int> drawn;
  const int trials = 20000;
  for (int i = 0; i < trials; ++i) {
    auto d = decoy_candidates(demand, no_names, 0, 1, {}, rng);
    REQUIRE(d.size() == 1);
    ++drawn[d[0]];
  }
  CHECK(drawn.size() == 2);
  const double share = static_cast<double>(drawn["popular@x.com"]) / trials;
  CHECK(share > 0.73);
  CHECK(share < 0.77);
  // Without replacement: two draws give both names, never one twice.
  auto both = decoy_candidates(demand, no_names, 0, 5, {}, rng);
  CHECK(std::set<std::string>(both.begin(), both.end()) == std::set<std::string>{"popular@x.com", "rare@x.com"});
  // Excluded names are never drawn.
  name_set exclude{"popular@x.com"};
  CHECK(decoy_candidates(demand, no_names, 0, 5, exclude, rng) == std::vector<std::string>{"rare@x.com"});
}

TEST_CASE("decoys: the directory only while demand is small, and never a made-up name") {
  const std::vector<std::string> directory{"dir1@y.org", "dir2@y.org", "dir3@y.org"};
  auto rng = random_source::seeded(1);
  demand_table demand;
  CHECK(decoy_candidates(demand, no_names, 4, 8, {}, rng).empty());  // nothing known: nothing
  auto warm = decoy_candidates(demand, directory, 4, 8, {}, rng);
  CHECK(std::set<std::string>(warm.begin(), warm.end()) ==
        std::set<std::string>(directory.begin(), directory.end()));
  demand.note("asked@x.com", 1.0);
  auto mixed = decoy_candidates(demand, directory, 4, 8, {}, rng);
  REQUIRE(mixed.size() == 4);
  CHECK(mixed[0] == "asked@x.com");  // demand first
  for (int i = 0; i < 4; ++i) demand.note(numbered("n", i, "@x.com"), 1.0);
  // Five names known now (>= warm-up of 4): the directory is no longer used.
  for (int round = 0; round < 50; ++round)
    for (const auto& d : decoy_candidates(demand, directory, 4, 8, {}, rng)) {
      CHECK(d.find("@x.com") != std::string::npos);
      CHECK(demand.weight(d, 1.0) > 0);
    }
}

TEST_CASE("demand table: counts decay, the table stays bounded, strong names stay") {
  demand_options o;
  o.half_life_seconds = 100;
  o.capacity = 16;
  demand_table demand(o);
  demand.note("a@x.com", 0);
  CHECK(demand.weight("a@x.com", 0) == Approx(1.0));
  CHECK(demand.weight("a@x.com", 100) == Approx(0.5));
  demand.note("a@x.com", 100);
  CHECK(demand.weight("a@x.com", 100) == Approx(1.5));
  for (int i = 0; i < 20; ++i) demand.note("a@x.com", 100);
  for (int i = 0; i < 500; ++i) demand.note(numbered("flood", i, "@x.com"), 100);
  CHECK(demand.size() <= 16);
  CHECK(demand.weight("a@x.com", 100) > 20);
  // Long after, far beyond the rescaling point, the weights still make sense.
  demand.note("late@x.com", 100 + 100 * 100);
  CHECK(demand.weight("late@x.com", 100 + 100 * 100) == Approx(1.0));
  CHECK(demand.weight("a@x.com", 100 + 100 * 100) < 1e-3);
}

TEST_CASE("batch size: doubles under sustained load up to the max, halves back, powers of two") {
  batch_sizer k(8, 64, 3, 5);
  CHECK(k.next(20) == 8);
  CHECK(k.next(20) == 8);
  CHECK(k.next(20) == 16);  // three rounds in a row over K
  CHECK(k.next(20) == 16);
  CHECK(k.next(9) == 16);   // not over 16 any more: the streak restarts
  for (int i = 0; i < 3; ++i) k.next(1000);
  CHECK(k.current() == 32);
  for (int i = 0; i < 30; ++i) k.next(1000);
  CHECK(k.current() == 64);  // never beyond the max
  for (int i = 0; i < 4; ++i) CHECK(k.next(0) == 64);
  CHECK(k.next(0) == 32);  // five quiet rounds
  for (int i = 0; i < 100; ++i) {
    const auto v = k.next(i % 3 == 0 ? 0 : 3);
    CHECK(((v == 8) || (v == 16) || (v == 32)));
  }
  CHECK(k.current() == 8);  // never below the base

  batch_sizer off(8, 8);
  for (int i = 0; i < 20; ++i) CHECK(off.next(1000) == 8);
  batch_sizer odd(8, 20);  // 20 is no power-of-two multiple of 8: K stops at 16
  for (int i = 0; i < 20; ++i) odd.next(1000);
  CHECK(odd.current() == 16);
}

TEST_CASE("queue wait: estimated from the position, K and the interval") {
  using std::chrono::milliseconds;
  CHECK(estimated_wait(0, 8, milliseconds(1000)) == milliseconds(1000));
  CHECK(estimated_wait(7, 8, milliseconds(1000)) == milliseconds(1000));
  CHECK(estimated_wait(8, 8, milliseconds(1000)) == milliseconds(2000));
  CHECK(estimated_wait(79, 8, milliseconds(1000)) == milliseconds(10000));
  CHECK(estimated_wait(80, 8, milliseconds(1000)) == milliseconds(11000));
}
