#pragma once
// This relay's side of a cache several relays share (Redis, through
// cache::redis::shared_cache): reading an entry and believing only what its
// chain proves, writing one after a lookup, and running each lookup once
// among all the relays. For that a relay takes a lease on the name (SET NX
// PX) before it looks it up; the others wait for its entry instead of looking
// the name up again, and take the lease over when it expires unanswered (its
// holder died). Every Redis failure degrades to what a lone relay does: it
// looks the name up itself, so a Redis outage costs lookups, never answers.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "hrn/cache/redis/shared_cache.hpp"
#include "hrn/cache/ttl.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/bip353_resolver.hpp"
#include "hrn/resolve/entry_check.hpp"
#include "hrn/resolve/lookup_pipeline.hpp"
#include "hrn/util/result.hpp"

namespace hrn::resolve {

struct shared_options {
  // How long a lease holds: longer than this relay's longest lookup (queue
  // wait, round, lookup). A holder that dies blocks the name this long at most.
  std::chrono::milliseconds lease{30000};
  // How often a waiting relay looks for the holder's entry.
  std::chrono::milliseconds poll_interval{100};
  // How long the relays that waited see the code of a lookup that failed.
  std::chrono::milliseconds failure_memory{5000};
  // This relay's id in the leases it holds: random, one per process.
  std::string owner;
};

// For /metrics: counts only, never a name.
struct shared_counters {
  std::uint64_t refused = 0;    // entries read and refused (bad format, chain fails, answer differs)
  std::uint64_t written = 0;    // entries written after a lookup
  std::uint64_t waited = 0;     // lookups answered by another relay's lookup
  std::uint64_t takeovers = 0;  // leases taken after the holder's ran out unanswered
  std::uint64_t errors = 0;     // Redis calls that failed (the relay went on alone)
};

class shared_answers {
 public:
  using lookup_fn = std::function<boost::asio::awaitable<result<bip353_resolution>>(name::address)>;

  shared_answers(boost::asio::any_io_executor executor, cache::redis::shared_cache& cache, chain_checker check,
                 cache::ttl_policy policy, shared_options options, unix_clock clock = system_unix_now);

  bool available() const { return cache_.available(); }

  // A servable entry for `key` (user@domain), fresh or stale, re-validated;
  // nullopt when there is none, Redis is unavailable, or the entry was
  // refused (and then deleted, unless another relay replaced it meanwhile).
  boost::asio::awaitable<std::optional<checked_entry>> fetch(std::string key);

  // Writes a good lookup for the other relays (not Lightning Address
  // answers, nor answers that may not be cached). Errors are counted.
  boost::asio::awaitable<void> publish(std::string key, bip353_resolution r);
  // The same without waiting (refresh and decoy answers).
  void publish_detached(std::string key, bip353_resolution r);

  struct outcome {
    result<bip353_resolution> value;
    // Set when another relay's lookup answered: the entry's own times.
    std::optional<checked_entry> from_peer;
  };
  // The lookup of `address` (no short code) once among all relays: this
  // relay runs `lookup` and publishes its answer, or waits for the relay that
  // does. `wait_limit` bounds the wait for another relay's lookup.
  boost::asio::awaitable<outcome> look_up(name::address address, lookup_fn lookup);

  const shared_counters& counters() const { return counters_; }

 private:
  boost::asio::awaitable<outcome> look_up_alone(name::address address, lookup_fn lookup, bool publish_it);
  std::optional<checked_entry> check(const std::string& key, const bytes& value);
  bool believe_failure(const std::string& key);
  boost::asio::awaitable<void> pause(std::chrono::milliseconds d);

  boost::asio::any_io_executor executor_;
  cache::redis::shared_cache& cache_;
  chain_checker check_;
  cache::ttl_policy policy_;
  shared_options options_;
  unix_clock clock_;
  shared_counters counters_;
  // Names whose failure note this relay believed, and when (see look_up).
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> believed_failures_;
};

}  // namespace hrn::resolve
