#include "hrn/cache/store.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>

namespace hrn::cache {

namespace {
constexpr std::uint8_t max_freq = 3;
// The small FIFO's share of the bytes: S3-FIFO's 10%, which the paper found
// robust across traces.
constexpr std::size_t small_share_divisor = 10;
// The ghost remembers as many hashes as the store holds entries (the paper
// sizes it like the main FIFO), but at least this many, so a nearly empty
// store still learns.
constexpr std::size_t min_ghost = 64;
}  // namespace

store::store(std::size_t max_bytes) : max_bytes_(max_bytes), small_target_(max_bytes / small_share_divisor) {}

void store::push_back(fifo& q, slot* s) {
  entry& e = s->second;
  e.prev = q.tail;
  e.next = nullptr;
  if (q.tail) q.tail->second.next = s;
  else q.head = s;
  q.tail = s;
  q.bytes += e.charge;
  ++q.count;
}

void store::unlink(fifo& q, slot* s) {
  entry& e = s->second;
  if (e.prev) e.prev->second.next = e.next;
  else q.head = e.next;
  if (e.next) e.next->second.prev = e.prev;
  else q.tail = e.prev;
  e.prev = e.next = nullptr;
  q.bytes -= e.charge;
  --q.count;
}

void store::remove(map_type::iterator it) {
  unlink(queue_of(it->second), &*it);
  bytes_ -= it->second.charge;
  map_.erase(it);
}

void store::remove(slot* s) {
  auto it = map_.find(std::string_view(s->first));
  assert(it != map_.end() && &*it == s);
  remove(it);
}

std::optional<hit> store::find(std::string_view key, std::uint64_t now) {
  auto it = map_.find(key);
  if (it == map_.end()) return std::nullopt;
  entry& e = it->second;
  if (now >= e.stale_until) {
    remove(it);
    return std::nullopt;
  }
  if (e.freq < max_freq) ++e.freq;
  return hit{e.value, e.stored_at, e.expires_at, e.stale_until,
             now < e.expires_at ? freshness::fresh : freshness::stale};
}

void store::insert(std::string key, std::shared_ptr<const answer> value, std::uint64_t now, std::uint32_t ttl,
                   std::uint32_t stale_window) {
  if (ttl == 0 || !value) return;
  const std::uint64_t expires_at = now + ttl;
  put(std::move(key), std::move(value), now, expires_at, expires_at + stale_window, now);
}

void store::restore(std::string key, std::shared_ptr<const answer> value, std::uint64_t stored_at,
                    std::uint64_t expires_at, std::uint64_t stale_until, std::uint64_t now) {
  if (!value || stored_at > expires_at || expires_at > stale_until || now >= stale_until) return;
  put(std::move(key), std::move(value), stored_at, expires_at, stale_until, now);
}

void store::put(std::string key, std::shared_ptr<const answer> value, std::uint64_t stored_at,
                std::uint64_t expires_at, std::uint64_t stale_until, std::uint64_t now) {
  const std::size_t charge = charge_of(key, *value);
  auto it = map_.find(std::string_view(key));
  if (charge > max_bytes_) {
    if (it != map_.end()) remove(it);
    return;
  }
  if (it != map_.end()) {
    entry& e = it->second;
    fifo& q = queue_of(e);
    q.bytes = q.bytes - e.charge + charge;
    bytes_ = bytes_ - e.charge + charge;
    e.charge = charge;
    e.value = std::move(value);
    e.stored_at = stored_at;
    e.expires_at = expires_at;
    e.stale_until = stale_until;
  } else {
    // A key evicted from the small FIFO not long ago was wanted again: it
    // earns its place in the main FIFO at once.
    const bool was_ghost = ghost_.take(detail::key_hash{}(key));
    it = map_.try_emplace(std::move(key)).first;
    entry& e = it->second;
    e.value = std::move(value);
    e.stored_at = stored_at;
    e.expires_at = expires_at;
    e.stale_until = stale_until;
    e.charge = charge;
    e.queue = was_ghost ? queue_id::main : queue_id::small;
    push_back(queue_of(e), &*it);
    bytes_ += charge;
  }
  make_room(now);
}

void store::make_room(std::uint64_t now) {
  // Terminates: each pass either frees an entry or lowers an access count
  // (or moves an entry from small to main with its count reset), and counts
  // are capped at 3.
  while (bytes_ > max_bytes_) {
    if (main_.head == nullptr || (small_.bytes > small_target_ && small_.head != nullptr))
      evict_from_small(now);
    else
      evict_from_main(now);
  }
}

void store::evict_from_small(std::uint64_t now) {
  slot* s = small_.head;
  entry& e = s->second;
  if (now >= e.stale_until) {
    remove(s);  // expired: not an eviction, and not worth a ghost
    return;
  }
  if (e.freq > 0) {
    // Accessed while on probation: worth keeping.
    unlink(small_, s);
    e.freq = 0;
    e.queue = queue_id::main;
    push_back(main_, s);
    return;
  }
  ghost_.add(detail::key_hash{}(s->first), std::max(map_.size(), min_ghost));
  remove(s);
  ++evictions_;
}

void store::evict_from_main(std::uint64_t now) {
  slot* s = main_.head;
  entry& e = s->second;
  if (now >= e.stale_until) {
    remove(s);
    return;
  }
  if (e.freq > 0) {
    // Second chance (CLOCK-like): reinsert with one access less.
    unlink(main_, s);
    --e.freq;
    push_back(main_, s);
    return;
  }
  remove(s);
  ++evictions_;
}

bool store::erase(std::string_view key) {
  auto it = map_.find(key);
  if (it == map_.end()) return false;
  remove(it);
  return true;
}

std::size_t store::purge(std::uint64_t now) {
  std::size_t dropped = 0;
  for (auto it = map_.begin(); it != map_.end();) {
    auto next = std::next(it);
    if (now >= it->second.stale_until) {
      remove(it);
      ++dropped;
    }
    it = next;
  }
  return dropped;
}

void store::for_each(std::uint64_t now,
                     const std::function<void(std::string_view key, const hit&)>& visit) const {
  for (const auto& [key, e] : map_) {
    if (now >= e.stale_until) continue;
    const hit h{e.value, e.stored_at, e.expires_at, e.stale_until,
                now < e.expires_at ? freshness::fresh : freshness::stale};
    visit(key, h);
  }
}

}  // namespace hrn::cache
