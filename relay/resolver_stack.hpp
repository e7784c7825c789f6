#pragma once
// The relay's lookup side, wired from its configuration: the pipeline
// (upstreams, trust anchors, Tor), the dispatcher in front of it, the cache
// and the answer service the API asks. Also the cache snapshot in the state
// directory: loaded at start (each chain re-validated), saved at exit.

#include <functional>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "config.hpp"
#include "hrn/cache/store.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/dispatcher.hpp"
#include "hrn/resolve/lookup_pipeline.hpp"
#include "hrn/resolve/wallet_dns.hpp"

namespace boost::asio {
class io_context;
}
namespace hrn::privacy {
class round_scheduler;
class shared_demand;
struct scheduler_counters;
}  // namespace hrn::privacy
namespace hrn::cache::redis {
class client;
class shared_cache;
}  // namespace hrn::cache::redis
namespace hrn::resolve {
class shared_answers;
}
namespace hrn::api {
struct shared_cache_status;
}

namespace hrn::relay {

class resolver_stack {
 public:
  // Throws std::runtime_error with a message for the operator when the
  // configuration cannot work (unreadable trust anchors, a bad CA file).
  // With --round-interval above 0 the lookups go through the privacy
  // scheduler's rounds; with 0 each leaves at once.
  resolver_stack(boost::asio::io_context& io, const config& cfg, resolve::socks_source socks);
  ~resolver_stack();

  // Starts the rounds (after the snapshot is loaded: its names are due for
  // refresh like any other); stop() ends them and fails waiting requests.
  void start();
  void stop();
  // Waits for the next round boundary (--hit-release round), or null.
  std::function<boost::asio::awaitable<void>()> hit_release() const;
  // The scheduler's counters, or null without rounds.
  const privacy::scheduler_counters* scheduler_counters() const;

  resolve::answer_service& answers() { return *answers_; }
  // Wallets' DNS questions (DoH, JSON DoH, /dnssecproof) over the same cache.
  resolve::wallet_dns& wallet() { return *wallet_; }
  const cache::store& store() const { return store_; }
  // The shared cache's state for /healthz and /metrics; false without one.
  bool shares_cache() const { return shared_ != nullptr; }
  api::shared_cache_status shared_status() const;

  // SIGHUP: reads --directory FILE ("" for none) again and gives its names
  // to the scheduler (nothing without rounds). Throws std::runtime_error
  // with the bad line, the running names then stay.
  void replace_directory(const std::string& file);

  // Both log what they did; neither throws. A corrupt snapshot is skipped
  // with a warning.
  void load_snapshot();
  void save_snapshot() const;

 private:
  std::string snapshot_path() const;
  // --cache-backend redis: the connection, the shared cache on it, and this
  // relay's side of it. Logs each change of the connection's state once.
  void open_shared_cache(boost::asio::io_context& io, std::chrono::milliseconds lease);

  const config& cfg_;
  cache::ttl_policy policy_;
  cache::store store_;
  std::unique_ptr<resolve::lookup_pipeline> pipeline_;
  std::unique_ptr<resolve::lookup_dispatcher> immediate_;
  std::shared_ptr<privacy::round_scheduler> scheduler_;
  std::unique_ptr<resolve::answer_service> answers_;
  std::unique_ptr<resolve::wallet_dns> wallet_;
  std::unique_ptr<cache::redis::client> redis_;
  std::unique_ptr<cache::redis::shared_cache> shared_cache_;
  std::unique_ptr<resolve::shared_answers> shared_;
  std::shared_ptr<privacy::shared_demand> shared_demand_;
  bool redis_up_ = false;
  std::string redis_reason_ = "not connected yet";
  std::uint64_t redis_since_ = 0;
};

}  // namespace hrn::relay
