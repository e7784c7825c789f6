#pragma once
// What one round sends, decided without clocks or sockets: which lookups
// fill its K slots, where decoys come from, how K follows the load, and how
// long a new request would wait. The round scheduler is a thin loop around
// these. Pure: time and randomness are arguments.

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hrn/privacy/demand_table.hpp"
#include "hrn/privacy/random.hpp"

namespace hrn::privacy {

// What a round does with slots that no real lookup or due refresh fills.
enum class idle_policy {
  cover,  // fill them with decoys: K lookups every round, a constant rate
  quiet,  // leave them empty: real lookups and due refreshes only, no decoys
};

enum class lookup_kind { real, refresh, decoy };

struct planned_lookup {
  lookup_kind kind = lookup_kind::real;
  std::string name;             // user@domain
  std::size_t queue_index = 0;  // real: its index in the queue passed in
};

// The lookups of one round, in slot order (the scheduler shuffles their
// start times): the waiting real lookups first, oldest first, then due
// refreshes in the order given, then — with `cover` only — decoys in the
// order given, at most `k` in all. A name appears at most once per round
// (two lookups of one name in one round would give a decoy away, since real
// lookups are shared per name); a real whose name is already in the round
// waits for the next one. Fewer than `k` when there is not enough to send.
//   queue:      names of the waiting requests, oldest first
//   refreshes:  names of due cache entries, most urgent first
//   decoys:     candidate names, preferred first (decoy_candidates)
std::vector<planned_lookup> compose_round(std::span<const std::string_view> queue,
                                          std::span<const std::string> refreshes,
                                          std::span<const std::string> decoys, std::size_t k,
                                          idle_policy policy);

// Up to `n` distinct decoy names, none in `exclude`: drawn from the demand
// table, weighted by demand; while it holds fewer than `warmup_names` names,
// topped up with the operator's directory in random order. Only names that
// a client asked for or the operator listed: never a made-up one.
std::vector<std::string> decoy_candidates(const demand_table& demand, std::span<const std::string> directory,
                                          std::size_t warmup_names, std::size_t n, const name_set& exclude,
                                          random_source& rng);

// How long a request that finds `position` requests ahead of it waits for
// its round: it goes in round position / k + 1 from now.
std::chrono::milliseconds estimated_wait(std::size_t position, std::size_t k, std::chrono::milliseconds interval);

// K for each round. It doubles after `grow_after` rounds in a row that begin
// with more waiting than K, up to `max`; it halves after `shrink_after`
// rounds in a row that begin with at most K/2 waiting, down to `base`. So K
// is always base · 2^i: the load shows only in powers of two. A `max` that
// is not such a multiple is never reached (K stops at the largest one below).
class batch_sizer {
 public:
  batch_sizer(std::size_t base, std::size_t max, unsigned grow_after = 3, unsigned shrink_after = 5);
  // Called once per round with the queue length at its start; K for it.
  std::size_t next(std::size_t waiting);
  std::size_t current() const { return k_; }

 private:
  std::size_t base_, max_, k_;
  unsigned grow_after_, shrink_after_;
  unsigned high_ = 0, low_ = 0;  // consecutive rounds over K / at most K/2
};

}  // namespace hrn::privacy
