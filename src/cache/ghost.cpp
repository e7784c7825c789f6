#include "hrn/cache/ghost.hpp"

namespace hrn::cache::detail {

void ghost_fifo::forget_one(std::uint64_t hash) {
  auto it = live_.find(hash);
  if (it == live_.end()) return;  // already taken
  if (--it->second == 0) live_.erase(it);
}

void ghost_fifo::add(std::uint64_t hash, std::size_t capacity) {
  if (capacity == 0) return;
  order_.push_back(hash);
  ++live_[hash];
  while (order_.size() > capacity) {
    forget_one(order_.front());
    order_.pop_front();
  }
}

bool ghost_fifo::take(std::uint64_t hash) {
  auto it = live_.find(hash);
  if (it == live_.end()) return false;
  // The hash stays in `order_` until it ages out; when it does, forget_one
  // finds fewer live copies and does nothing. A hash taken and added again
  // in between may so age out one add early: harmless for a heuristic.
  if (--it->second == 0) live_.erase(it);
  return true;
}

void ghost_fifo::clear() {
  order_.clear();
  live_.clear();
}

}  // namespace hrn::cache::detail
