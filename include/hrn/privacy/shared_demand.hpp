#pragma once
// Decoys from the demand of every relay sharing a cache. Each relay counts
// the names its clients ask for; every `interval` (jittered) it adds its
// counts to Redis and takes back the demand all the relays saw, which then
// becomes its decoy pool. So the decoys of each relay look like what clients
// of the whole fleet ask for, and a relay that just started has a full pool.
//
// The counts in Redis decay like the local table's (forward decay, Cormode
// et al., ICDE 2009): a request at time t adds exp((t - L) / tau) to the
// score of its day, L being that day's start, so no score ever has to be
// touched as time passes; a reader scales a day's score by
// exp(-(now - L) / tau) to get the decayed count. Two days are read (today
// and yesterday), which is all the decay leaves of any weight.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "hrn/cache/redis/shared_cache.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/lookup_pipeline.hpp"

namespace hrn::privacy {

class round_scheduler;

inline constexpr std::uint64_t demand_day_seconds = 86400;

// Pure: the score one request at `t` adds to its day's set, and the decayed
// counts at `now` of two days' scores (summed per name).
double demand_score(double count, std::uint64_t t, double half_life_seconds);
std::vector<std::pair<std::string, double>> demand_counts(const cache::redis::shared_cache::demand_view& view,
                                                          std::uint64_t now, double half_life_seconds);

struct shared_demand_options {
  std::chrono::milliseconds interval{10000};
  double half_life_seconds = 6 * 3600.0;
  std::size_t keep = 65536;         // names Redis keeps per day (the strongest)
  std::size_t top = 4096;           // names each relay takes back as its pool
  std::size_t max_pending = 16384;  // distinct names counted between exchanges
};

class shared_demand : public std::enable_shared_from_this<shared_demand> {
 public:
  shared_demand(boost::asio::any_io_executor executor, cache::redis::shared_cache& cache,
                std::shared_ptr<round_scheduler> scheduler, shared_demand_options options,
                resolve::unix_clock clock = resolve::system_unix_now);

  // A client asked for `address` (hit or miss alike).
  void note(const name::address& address);
  void start();
  void stop();

  std::uint64_t exchanges() const { return exchanges_; }

 private:
  boost::asio::awaitable<void> loop(std::shared_ptr<shared_demand> self);
  boost::asio::awaitable<void> exchange();

  boost::asio::any_io_executor executor_;
  cache::redis::shared_cache& cache_;
  std::shared_ptr<round_scheduler> scheduler_;
  shared_demand_options options_;
  resolve::unix_clock clock_;
  boost::asio::steady_timer timer_;
  std::unordered_map<std::string, double> pending_;  // name -> forward-decayed score, this day
  std::uint64_t pending_day_ = 0;
  std::uint64_t exchanges_ = 0;
  bool stopped_ = false;
};

}  // namespace hrn::privacy
