#pragma once
// A bounded table whose entries live a fixed time from their insertion: the
// USSD sessions and the offer references. Strangers decide how many entries
// get made, so the table never holds more than `capacity`. A full table
// makes room by dropping entries past their lifetime (oldest first), never a
// live one: were a new entry to push out the oldest, anyone who can send
// `capacity` first calls would end every dialogue under way. Full of live
// entries, it refuses the new one. An entry past its lifetime is reported as
// expired (so a caller can say "timed out" rather than "unknown") for one
// more lifetime, or until its room is needed. Pure: the time is an argument.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <unordered_map>
#include <utility>

namespace hrn::phone {

template <class Key, class Value, class Hash = std::hash<Key>>
class expiring_table {
 public:
  enum class state { missing, live, expired };
  struct lookup {
    state what = state::missing;
    const Value* value = nullptr;  // live only; valid until the next change to the table
  };

  expiring_table(std::size_t capacity, std::uint64_t lifetime) : capacity_(capacity ? capacity : 1), lifetime_(lifetime) {}

  // Inserts a new entry (replacing any under the key) that lives
  // `lifetime` from `now`; false (and nothing is inserted) when the table
  // holds `capacity` live entries.
  [[nodiscard]] bool put(const Key& key, Value value, std::uint64_t now) {
    erase(key);
    if (!make_room(now)) return false;
    const auto seq = next_seq_++;
    entries_.insert_or_assign(key, entry{std::move(value), now, seq});
    order_.emplace_back(key, seq);
    return true;
  }

  // Replaces the value of a live entry, keeping its insertion time; false
  // (and nothing changes) when the entry is gone or expired meanwhile.
  bool update(const Key& key, Value value, std::uint64_t now) {
    auto it = entries_.find(key);
    if (it == entries_.end() || expired(it->second, now)) return false;
    it->second.value = std::move(value);
    return true;
  }

  lookup find(const Key& key, std::uint64_t now) const {
    auto it = entries_.find(key);
    if (it == entries_.end() || now >= it->second.created + 2 * lifetime_) return {};
    if (expired(it->second, now)) return {state::expired, nullptr};
    return {state::live, &it->second.value};
  }

  void erase(const Key& key) { entries_.erase(key); }

  std::size_t size() const { return entries_.size(); }
  std::uint64_t lifetime() const { return lifetime_; }

 private:
  struct entry {
    Value value;
    std::uint64_t created = 0;
    std::uint64_t seq = 0;  // which insertion this is, to tell stale order slots from live ones
  };

  bool expired(const entry& e, std::uint64_t now) const { return now >= e.created + lifetime_; }

  // Drops what is stale, long expired, or expired while the table is full;
  // true when there is room for one more. The order queue is FIFO by
  // insertion, which (one lifetime for all) is also expiry order: when its
  // front is live, so is every entry.
  bool make_room(std::uint64_t now) {
    while (!order_.empty()) {
      const auto& [key, seq] = order_.front();
      auto it = entries_.find(key);
      const bool stale = it == entries_.end() || it->second.seq != seq;
      if (!stale) {
        const bool full = entries_.size() >= capacity_;
        if (now < it->second.created + 2 * lifetime_ && !(full && expired(it->second, now))) break;
      }
      if (!stale) entries_.erase(it);
      order_.pop_front();
    }
    // Erased keys leave slots behind the live front; past twice the
    // capacity they are swept, so the queue stays bounded too.
    if (order_.size() >= 2 * capacity_) {
      std::deque<std::pair<Key, std::uint64_t>> live;
      for (auto& slot : order_) {
        auto it = entries_.find(slot.first);
        if (it != entries_.end() && it->second.seq == slot.second) live.push_back(std::move(slot));
      }
      order_ = std::move(live);
    }
    return entries_.size() < capacity_;
  }

  std::size_t capacity_;
  std::uint64_t lifetime_;
  std::uint64_t next_seq_ = 0;
  std::unordered_map<Key, entry, Hash> entries_;
  std::deque<std::pair<Key, std::uint64_t>> order_;
};

}  // namespace hrn::phone
