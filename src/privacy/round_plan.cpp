#include "hrn/privacy/round_plan.hpp"

#include <algorithm>

namespace hrn::privacy {

std::vector<planned_lookup> compose_round(std::span<const std::string_view> queue,
                                          std::span<const std::string> refreshes,
                                          std::span<const std::string> decoys, std::size_t k,
                                          idle_policy policy) {
  std::vector<planned_lookup> out;
  out.reserve(k);
  name_set taken;
  auto take = [&](lookup_kind kind, std::string_view name, std::size_t index) {
    if (out.size() >= k || !taken.emplace(name).second) return;
    planned_lookup p;
    p.kind = kind;
    p.name = std::string(name);
    p.queue_index = index;
    out.push_back(std::move(p));
  };
  for (std::size_t i = 0; i < queue.size() && out.size() < k; ++i) take(lookup_kind::real, queue[i], i);
  for (const auto& r : refreshes) take(lookup_kind::refresh, r, 0);
  if (policy == idle_policy::cover)
    for (const auto& d : decoys) take(lookup_kind::decoy, d, 0);
  return out;
}

std::vector<std::string> decoy_candidates(const demand_table& demand, std::span<const std::string> directory,
                                          std::size_t warmup_names, std::size_t n, const name_set& exclude,
                                          random_source& rng) {
  auto out = demand.draw(n, exclude, rng);
  if (out.size() >= n || demand.size() >= warmup_names || directory.empty()) return out;
  // Warm-up: the directory in random order (a partial Fisher–Yates over
  // indices), skipping what is excluded or already drawn.
  name_set chosen(out.begin(), out.end());
  std::vector<std::size_t> order(directory.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = 0; i < order.size() && out.size() < n; ++i) {
    std::swap(order[i], order[i + rng.below(order.size() - i)]);
    const auto& name = directory[order[i]];
    if (exclude.count(name) != 0 || !chosen.insert(name).second) continue;
    out.push_back(name);
  }
  return out;
}

std::chrono::milliseconds estimated_wait(std::size_t position, std::size_t k, std::chrono::milliseconds interval) {
  const std::size_t rounds = position / std::max<std::size_t>(k, 1) + 1;
  return interval * static_cast<long long>(rounds);
}

batch_sizer::batch_sizer(std::size_t base, std::size_t max, unsigned grow_after, unsigned shrink_after)
    : base_(std::max<std::size_t>(base, 1)),
      max_(std::max(max, base_)),
      k_(base_),
      grow_after_(std::max(grow_after, 1U)),
      shrink_after_(std::max(shrink_after, 1U)) {}

std::size_t batch_sizer::next(std::size_t waiting) {
  if (waiting > k_) {
    low_ = 0;
    if (++high_ >= grow_after_ && k_ * 2 <= max_) {
      k_ *= 2;
      high_ = 0;
    }
  } else if (waiting <= k_ / 2) {
    high_ = 0;
    if (++low_ >= shrink_after_ && k_ > base_) {
      k_ /= 2;
      low_ = 0;
    }
  } else {
    high_ = low_ = 0;
  }
  return k_;
}

}  // namespace hrn::privacy
