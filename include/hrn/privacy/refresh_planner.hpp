#pragma once
// When to refresh a cached entry: at a random moment in the last part of its
// TTL, never because a client just asked for it (a refresh that followed a
// request would tell the domain when someone is about to pay). Pure: time
// and the key are passed in.
//
// The moment is a keyed hash of (name, stored_at): stable for an entry, so
// asking again gives the same answer and no state is kept per entry, and
// unpredictable to anyone without the per-process key. A refreshed entry has
// a new stored_at, hence a new moment.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hrn::privacy {

// A cache entry as the scheduler sees it (the lead fills these from
// cache::store::for_each). Times are unix seconds.
struct cached_entry {
  std::string name;  // user@domain
  std::uint64_t stored_at = 0;
  std::uint64_t expires_at = 0;  // fresh while now < expires_at
};

struct refresh_options {
  double window = 0.25;        // the moment falls in this last fraction of the TTL
  std::uint64_t min_lead = 5;  // ... and at least this many seconds before expiry
};

class refresh_planner {
 public:
  // `key`: random per process (random_source::secure()()).
  explicit refresh_planner(std::uint64_t key, refresh_options options = {});

  // The unix second from which `e` is due; nullopt when its TTL is too short
  // to refresh it `min_lead` seconds before it expires.
  std::optional<std::uint64_t> moment(const cached_entry& e) const;
  // Due: its moment has come and it has not expired yet.
  bool due(const cached_entry& e, std::uint64_t now) const;
  // The due ones of `entries`, earliest expiry first (the most urgent get
  // the free slots of a round first).
  std::vector<cached_entry> due_entries(std::vector<cached_entry> entries, std::uint64_t now) const;

 private:
  std::uint64_t key_;
  refresh_options options_;
};

}  // namespace hrn::privacy
