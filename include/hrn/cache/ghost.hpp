#pragma once
// The ghost queue of S3-FIFO (see store.hpp): hashes of keys recently evicted
// from the small queue, so that a key that comes back soon after its first
// eviction goes straight to the main queue. Only 64-bit hashes are kept, not
// keys: a collision merely promotes one unlucky newcomer, which costs a
// little hit ratio, never correctness.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_map>

namespace hrn::cache::detail {

class ghost_fifo {
 public:
  // Remembers `hash`, forgetting the oldest hashes beyond `capacity`.
  void add(std::uint64_t hash, std::size_t capacity);
  // True if `hash` was remembered; it is forgotten then (one promotion each).
  bool take(std::uint64_t hash);
  std::size_t size() const { return order_.size(); }
  void clear();

 private:
  void forget_one(std::uint64_t hash);

  std::deque<std::uint64_t> order_;  // oldest first
  // How many times each hash is in `order_` and not yet taken: a count, not
  // a set, because a key can be evicted again before its older ghost ages out.
  std::unordered_map<std::uint64_t, std::uint32_t> live_;
};

}  // namespace hrn::cache::detail
