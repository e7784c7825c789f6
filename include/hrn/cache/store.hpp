#pragma once
// The bounded answer store: byte-bounded, time passed in, serve-stale.
// Pure: no clock, no I/O, no locks. Not thread-safe (find() updates an access
// counter): one store per event loop, or the caller holds a lock.
//
// Eviction is S3-FIFO (Yang et al., "FIFO queues are all you need for cache
// eviction", SOSP 2023): a small FIFO (10% of the bytes) that new keys enter,
// a main FIFO, and a ghost queue of recently evicted key hashes. Chosen over
// W-TinyLFU and LRU because:
//  - lookups of payment names are Zipf-like with many one-hit wonders (names
//    looked up once, scans, decoys); the small queue drops those after one
//    pass without letting them push out the popular names, which LRU cannot;
//  - a hit only bumps a 2-bit counter in the entry: no list splice, no
//    allocation, nothing that grows with load on the hit path (W-TinyLFU
//    needs a count-min sketch, a doorkeeper and an LRU splice per hit);
//  - it is a few dozen lines of FIFO code, easy to check.
// Measured against LRU in tests/cache/store_policy_test.cpp.
//
// Memory: one hash map node per entry holds the key and the entry inline; the
// FIFOs are intrusive (two pointers in the entry), so there is no separate
// list node. `bytes()` charges each entry its key, URI, offer copy (if any)
// and chain sizes plus `entry_overhead`, which approximates the real metadata
// (see the constant and tests/bench/README.md for the measurement).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "hrn/cache/answer.hpp"
#include "hrn/cache/ghost.hpp"

namespace hrn::cache {

enum class freshness { fresh, stale };

struct hit {
  std::shared_ptr<const answer> value;
  std::uint64_t stored_at = 0;    // unix seconds the answer was validated and stored
  std::uint64_t expires_at = 0;   // fresh while now < expires_at
  std::uint64_t stale_until = 0;  // may be served stale while expires_at <= now < stale_until
  freshness state = freshness::fresh;
};

namespace detail {
// Transparent so that find(string_view) does not build a std::string.
struct key_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
}  // namespace detail

class store {
 public:
  // Per-entry metadata beside the payload bytes, measured on libstdc++/glibc
  // x86-64 (tests/bench/cache_memory.cpp): the map node (key string object,
  // entry, cached hash, next pointer) and its bucket, the answer object with
  // its shared_ptr control block, malloc headers of the key, URI and chain
  // buffers, and the ghost queue's share.
  static constexpr std::size_t entry_overhead = 352;

  explicit store(std::size_t max_bytes);
  // The FIFOs point into the map's nodes: a copy or move would leave them
  // pointing into the wrong store, so neither is allowed.
  store(const store&) = delete;
  store& operator=(const store&) = delete;

  // A fresh entry, or a stale one inside its stale window
  // (expires_at <= now < stale_until). An entry past its stale window is
  // dropped here and not returned. Counts as an access for eviction.
  // Does not allocate.
  std::optional<hit> find(std::string_view key, std::uint64_t now);

  // Inserts or replaces `key`, fresh for `ttl` seconds from `now` and then
  // servable stale for `stale_window` more (RFC 8767). ttl == 0 does nothing
  // (an existing entry is left as it is). An entry whose charge alone exceeds
  // max_bytes is refused, and an older entry under the same key is dropped,
  // since it is superseded. A replaced entry keeps its queue place and
  // access count: it is the same name, re-resolved.
  void insert(std::string key, std::shared_ptr<const answer> value, std::uint64_t now, std::uint32_t ttl,
              std::uint32_t stale_window);
  // As insert, with the times a snapshot recorded (after the loader
  // re-validated the chain). Requires stored_at <= expires_at <= stale_until;
  // does nothing if the entry is no longer servable at `now`.
  void restore(std::string key, std::shared_ptr<const answer> value, std::uint64_t stored_at,
               std::uint64_t expires_at, std::uint64_t stale_until, std::uint64_t now);

  bool erase(std::string_view key);
  // Drops every entry past its stale window; returns how many.
  std::size_t purge(std::uint64_t now);

  std::size_t entries() const { return map_.size(); }
  std::size_t bytes() const { return bytes_; }
  std::size_t max_bytes() const { return max_bytes_; }
  // Entries removed to make room (not expiries, erases or replacements).
  std::uint64_t evictions() const { return evictions_; }

  // Visits every entry still servable at `now` (fresh or stale), in no
  // particular order, without counting accesses. The visitor must not
  // modify the store.
  void for_each(std::uint64_t now, const std::function<void(std::string_view key, const hit&)>& visit) const;

  // What an entry of this key and value is charged against max_bytes.
  static std::size_t charge_of(std::string_view key, const answer& value) {
    return key.size() + value.payload_bytes() + entry_overhead;
  }

 private:
  struct entry;
  using slot = std::pair<const std::string, entry>;
  enum class queue_id : std::uint8_t { small, main };
  struct entry {
    std::shared_ptr<const answer> value;
    std::uint64_t stored_at = 0;
    std::uint64_t expires_at = 0;
    std::uint64_t stale_until = 0;
    slot* prev = nullptr;  // intrusive FIFO links, towards the head / the tail
    slot* next = nullptr;
    std::size_t charge = 0;
    std::uint8_t freq = 0;  // accesses since queued, capped at 3 (S3-FIFO's 2 bits)
    queue_id queue = queue_id::small;
  };
  struct fifo {
    slot* head = nullptr;  // oldest, next to be considered for eviction
    slot* tail = nullptr;
    std::size_t bytes = 0;
    std::size_t count = 0;
  };
  using map_type = std::unordered_map<std::string, entry, detail::key_hash, std::equal_to<>>;

  fifo& queue_of(const entry& e) { return e.queue == queue_id::small ? small_ : main_; }
  static void push_back(fifo& q, slot* s);
  static void unlink(fifo& q, slot* s);
  void remove(map_type::iterator it);
  void remove(slot* s);
  void put(std::string key, std::shared_ptr<const answer> value, std::uint64_t stored_at,
           std::uint64_t expires_at, std::uint64_t stale_until, std::uint64_t now);
  void make_room(std::uint64_t now);
  void evict_from_small(std::uint64_t now);
  void evict_from_main(std::uint64_t now);

  std::size_t max_bytes_;
  std::size_t small_target_;  // bytes the small FIFO may hold before it is evicted from
  std::size_t bytes_ = 0;
  std::uint64_t evictions_ = 0;
  map_type map_;
  fifo small_;
  fifo main_;
  detail::ghost_fifo ghost_;
};

}  // namespace hrn::cache
