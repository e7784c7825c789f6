#pragma once
// What the relay does with a name: the cache first; on a miss (or an expired
// entry) one lookup through the dispatcher, shared by every concurrent
// request for the name (single-flight); a good answer is cached with the TTL
// the records allow; when the lookup fails, an entry still inside its stale
// window is served marked stale (RFC 8767). A failed lookup — bogus,
// insecure, a timeout — is never cached and never replaces a good entry.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>

#include "hrn/cache/store.hpp"
#include "hrn/cache/ttl.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/dispatcher.hpp"
#include "hrn/resolve/shared_answers.hpp"
#include "hrn/resolve/single_flight.hpp"
#include "hrn/util/result.hpp"

namespace hrn::resolve {

struct served_answer {
  std::shared_ptr<const cache::answer> answer;
  std::uint64_t expires_at = 0;  // unix seconds; the fresh TTL ends here
  // Unix seconds the chain was validated and stored: its records' TTLs (as
  // the zone served them) count down from here, whatever the cache's policy.
  std::uint64_t stored_at = 0;
  bool cached = false;           // served from the cache (no lookup for this request)
  bool stale = false;            // past its TTL, served because the refresh failed
  bool joined = false;           // answered by another request's lookup
};

struct service_options {
  cache::ttl_policy ttl;
  // How long a request waits for another request's lookup of the same name:
  // longer than the lookup's own deadline.
  std::chrono::steady_clock::duration join_limit = std::chrono::seconds(30);
  // Lookups under way at once (distinct names); a new name beyond it is
  // `busy` (429), or its stale entry is served.
  std::size_t max_lookups_in_flight = 256;
  // Seconds after a failed refresh during which a stale entry is served
  // without trying again (RFC 8767 §4 suggests 30).
  std::uint64_t failure_recheck = 30;
  // Told of every lookup this service made: the name, its outcome (ok,
  // not_found or the error code) and how long it took. For the operator's
  // debug log; it holds a name, so never log it above debug.
  std::function<void(const std::string& name, std::string_view outcome, std::chrono::steady_clock::duration took)>
      on_lookup;
  // Told of every name a client asks for, hit or miss (the decoy pool of a
  // scheduler learns from it which names are real).
  std::function<void(const name::address&)> on_demand;
  // The cache shared with other relays (Redis), or null: read on a local
  // miss, written after each good lookup, and each lookup run once among
  // all the relays. Not owned.
  shared_answers* shared = nullptr;
};

// Counters for /metrics: outcomes only, never a name.
struct service_counters {
  std::uint64_t hits = 0, misses = 0, stale_served = 0, joined = 0, busy = 0;
  std::uint64_t shared_hits = 0;  // hits read from the shared cache (also counted in hits)
  std::uint64_t upstream_round_trips = 0;
  std::uint64_t background_kept = 0;  // refresh and decoy answers cached
  std::map<std::string, std::uint64_t> lookups;  // by outcome: ok, not_found, or the error code
};

class answer_service {
 public:
  answer_service(cache::store& store, lookup_dispatcher& dispatcher, service_options options,
                 unix_clock clock = system_unix_now);

  boost::asio::awaitable<result<served_answer>> resolve(name::address address);

  // A lookup made without a client waiting (a refresh or a decoy of the
  // scheduler): a good answer is cached exactly like a client's lookup; a
  // failure changes nothing (it never replaces a good entry).
  void absorb(const name::address& address, const result<bip353_resolution>& r);

  const service_counters& counters() const { return counters_; }
  std::size_t lookups_in_flight() const { return flights_.in_flight(); }

 private:
  using outcome = shared_answers::outcome;
  boost::asio::awaitable<result<bip353_resolution>> look_up(name::address address);
  // The lookup through the shared cache when there is one, else alone.
  boost::asio::awaitable<outcome> run_lookup(name::address address);
  // Caches a good lookup (or drops what it supersedes); returns what to serve.
  served_answer keep(const std::string& key, const bip353_resolution& r);
  // Caches an entry another relay looked up, with its own times.
  served_answer keep_peer(const std::string& key, const checked_entry& e, std::uint64_t now);
  served_answer served_from(const bip353_resolution& r, std::uint64_t now) const;
  served_answer serve_stale(const cache::hit& h);
  bool recently_failed(const std::string& key, std::uint64_t now) const;
  void note_failure(const std::string& key, std::uint64_t now);
  static constexpr std::size_t max_remembered_failures = 4096;

  cache::store& store_;
  lookup_dispatcher& dispatcher_;
  service_options options_;
  unix_clock clock_;
  single_flight<outcome> flights_;
  service_counters counters_;
  std::unordered_map<std::string, std::uint64_t> failures_;  // name -> last failed refresh
};

// The cache's value for a validated lookup.
std::shared_ptr<const cache::answer> to_cache_answer(const bip353_resolution& r);
// How long that value may be served fresh from `now` (ttl 0: not at all),
// and then stale (RFC 8767).
struct cache_times {
  std::uint32_t ttl = 0;
  std::uint32_t stale_window = 0;
};
cache_times cache_times_of(const bip353_resolution& r, const cache::ttl_policy& policy, std::uint64_t now);

}  // namespace hrn::resolve
