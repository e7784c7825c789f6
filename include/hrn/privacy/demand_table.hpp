#pragma once
// How often clients asked for each name, recently: the pool decoys are drawn
// from, so that a decoy looks like a real lookup by its name too (a decoy of a
// name nobody asks for would stand out). Pure: time is passed in, no I/O.
//
// Counts decay exponentially (half-life `half_life_seconds`), so the pool
// follows what clients ask for now, not what they asked for last month. The
// decay is "forward decay" (Cormode et al., ICDE 2009): a request at time t
// adds exp((t - L) / tau) for a landmark L, so every score decays at the same
// rate and none has to be touched when time passes; the scores are rescaled
// and the landmark moved only when the factor grows large.
//
// Bounded: at most `capacity` names. A new name in a full table first drops
// the weakest eighth of the names (one O(n) pass per n/8 insertions), so a
// flood of distinct names costs O(1) amortised per name.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "hrn/privacy/random.hpp"

namespace hrn::privacy {

struct demand_options {
  std::size_t capacity = 65536;
  double half_life_seconds = 6 * 3600.0;
};

namespace detail {
struct text_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
}  // namespace detail

using name_set = std::unordered_set<std::string, detail::text_hash, std::equal_to<>>;

class demand_table {
 public:
  explicit demand_table(demand_options options = {});

  // One request for `name` (user@domain, no short code) at `now`, in seconds
  // on any clock that never goes back; `count` requests at once (a decayed
  // count other relays saw, see shared_demand.hpp).
  void note(std::string_view name, double now, double count = 1.0);

  std::size_t size() const { return scores_.size(); }
  bool empty() const { return scores_.empty(); }
  // The decayed request count of `name` at `now` (0 if unknown).
  double weight(std::string_view name, double now) const;

  // Up to `n` distinct names, drawn at random in proportion to their weight,
  // without replacement (Efraimidis–Spirakis: the n largest u^(1/w)), in the
  // order drawn. Names in `exclude` are never drawn. O(size · log n).
  std::vector<std::string> draw(std::size_t n, const name_set& exclude, random_source& rng) const;

 private:
  void rescale(double now);
  void drop_weakest();

  demand_options options_;
  double tau_;              // half-life / ln 2
  double landmark_ = 0;     // scores are relative to exp((t - landmark) / tau)
  bool started_ = false;
  std::unordered_map<std::string, double, detail::text_hash, std::equal_to<>> scores_;
};

}  // namespace hrn::privacy
