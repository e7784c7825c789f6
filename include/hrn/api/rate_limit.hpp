#pragma once
// Per-client token buckets for the lookup endpoints: pure arithmetic over
// time points the caller passes in, no clock reads and no I/O, so tests can
// drive time by hand.
//
// Each client key owns a bucket holding at most `burst` tokens that refills
// at `per_second` tokens a second; a request takes one token or is refused.
// A new client starts with a full bucket. The key is what the HTTP server
// puts in http_request::client: the peer address (an IPv6 peer's /64) for
// clear-net listeners, and the fixed key "onion" for the onion listener.
// Everybody reaching the relay over its onion service arrives from
// 127.0.0.1, so per-address buckets would be meaningless there: all onion
// traffic shares one global bucket with its own, larger, rate.
//
// Memory is bounded: at most `max_clients` buckets are held. When the table
// is full the least recently used bucket is dropped. A bucket unused for
// burst/per_second seconds has refilled completely and is the same as a
// fresh one, so dropping it changes nothing; only when more than
// `max_clients` distinct clients are all active within that window does
// dropping one give its owner a fresh burst. An attacker cycling through
// addresses therefore costs a fixed amount of memory (about 150 bytes a
// bucket), never more.
//
// Not thread-safe: the relay calls it from its one event loop.

#include <chrono>
#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hrn::api {

struct rate_limit_config {
  double per_second = 10;  // sustained requests a second; 0 disables the limit
  double burst = 40;       // requests allowed at once after a quiet spell (at least 1)
};

struct rate_limiter_config {
  rate_limit_config per_client{};  // each clear-net address (IPv6: each /64)
  // Every IPv6 /48 as a whole (on top of its /64s): 16 clients' worth.
  rate_limit_config per_prefix48{160, 640};
  // All onion-service traffic together: one bucket for every Tor user.
  rate_limit_config onion{100, 400};
  std::size_t max_clients = 65536;  // buckets held at most (at least 1)
};

// "2001:db8:1::/48" for the key "2001:db8:1:2::/64" of an IPv6 client;
// nullopt for any other key.
std::optional<std::string> prefix48_of(std::string_view key);

class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;
  // The key of the shared bucket of the onion listener.
  static constexpr std::string_view onion_key = "onion";

  explicit rate_limiter(rate_limiter_config config = {});

  // Takes `cost` tokens (a batch of names costs one per name) from
  // `client`'s bucket; false (nothing taken) when it holds fewer. A cost
  // above the burst takes a full bucket. Time going backwards is treated as
  // no time passing.
  bool allow(std::string_view client, clock::time_point now, unsigned cost = 1);

  // How long until `client` may be allowed again, rounded up to whole
  // seconds for a Retry-After header: 0 when a token is available now.
  // Does not create or change a bucket.
  std::chrono::seconds retry_after(std::string_view client, clock::time_point now, unsigned cost = 1) const;

  // New rates and bursts (SIGHUP): the buckets stay, with the tokens they
  // hold (at most the new burst), so a reload neither refills nor empties
  // anyone's bucket. max_clients keeps its value from the start.
  void reconfigure(const rate_limiter_config& config);

  // Per-client buckets currently held (the onion bucket is not counted).
  std::size_t size() const { return index_.size(); }

 private:
  struct bucket {
    std::string key;
    double tokens = 0;
    clock::time_point updated;
  };
  struct key_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using lru_list = std::list<bucket>;  // most recently used first

  static bool take(const rate_limit_config& c, bucket& b, clock::time_point now, double cost);
  static std::chrono::seconds wait(const rate_limit_config& c, const bucket& b,
                                   clock::time_point now, double cost);
  bucket& client_bucket(std::string_view client, clock::time_point now, const rate_limit_config& config);

  rate_limiter_config config_;
  bucket onion_;
  bool onion_started_ = false;
  lru_list lru_;
  std::unordered_map<std::string, lru_list::iterator, key_hash, std::equal_to<>> index_;
};

}  // namespace hrn::api
