#pragma once
// The privacy scheduler (DESIGN.md, "Privacy mechanisms" 3–5): a
// lookup_dispatcher that sends nothing when asked. Every round_interval
// (jittered) it starts K lookups, each at a random offset within
// start_window: the waiting real lookups first (oldest first), then cache
// entries due for a refresh, then — with idle_policy::cover — decoys drawn
// from the names clients ask for. All of them go through the one lookup
// function, so on the wire a real lookup and a decoy differ in nothing.
//
// Limits: a request that would wait more than max_queue_wait for its round,
// or finds max_queue requests waiting, is refused at once with
// resolve::errc::busy. Once started, a caller waits at most lookup_limit
// for the lookup (which bounds its own time anyway).
//
// With no known name at all (empty demand table and directory), a cover
// round sends only what it has: real lookups and refreshes, possibly none.
// A name appears at most once per round, so a round also sends fewer than K
// when fewer distinct names are known.
//
// Lifetime: must be owned by a std::shared_ptr (the loop and the lookups it
// starts keep it alive until they end). Single-threaded: every call on the
// executor's thread. The lookup function, refresh source and sink must stay
// callable while the executor runs.

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "hrn/name/address.hpp"
#include "hrn/privacy/demand_table.hpp"
#include "hrn/privacy/random.hpp"
#include "hrn/privacy/refresh_planner.hpp"
#include "hrn/privacy/round_plan.hpp"
#include "hrn/resolve/dispatcher.hpp"
#include "hrn/resolve/lookup_pipeline.hpp"
#include "hrn/util/result.hpp"

namespace hrn::privacy {

struct scheduler_options {
  std::chrono::milliseconds round_interval{1000};  // --round-interval
  double jitter = 0.10;                            // each interval is ±this fraction (0 … 0.5)
  std::size_t batch_size = 8;                      // K, --batch-size
  std::size_t batch_size_max = 8;                  // --batch-size-max; = batch_size: K never grows
  idle_policy idle = idle_policy::cover;           // --idle-rounds cover|quiet
  std::chrono::milliseconds max_queue_wait{10000}; // --max-queue-wait
  std::chrono::milliseconds start_window{100};     // a round's lookups start within this
  std::size_t max_queue = 4096;                    // waiting requests, at most
  // How long a caller waits for its lookup once started: longer than the
  // pipeline's own deadline, so it only matters if that one fails.
  std::chrono::milliseconds lookup_limit{30000};
  // While the demand table holds fewer names, decoys also come from the directory.
  std::size_t warmup_names = 64;
  demand_options demand;
  refresh_options refresh;
};

// One lookup; must bound its own time (the pipeline has an overall deadline).
using lookup_fn = std::function<boost::asio::awaitable<result<resolve::bip353_resolution>>(name::address)>;
// The cached entries at unix time `now` (called once per round).
using refresh_source = std::function<std::vector<cached_entry>(std::uint64_t now)>;
// Results of refresh and decoy lookups, and of real lookups whose caller
// stopped waiting: to be cached like any lookup result.
using background_sink =
    std::function<void(const name::address&, const result<resolve::bip353_resolution>&, lookup_kind)>;
// Called at each round tick with the number of lookups the round starts.
using round_observer = std::function<void(std::chrono::steady_clock::time_point tick, std::size_t lookups)>;

// For /metrics: outcomes only, never a name.
struct scheduler_counters {
  static constexpr std::array<double, 8> wait_bounds{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10};  // seconds
  std::uint64_t rounds = 0;
  std::uint64_t real_slots = 0, refresh_slots = 0, decoy_slots = 0, empty_slots = 0;
  std::uint64_t busy = 0;           // refused at once (queue too long, or the wait would be)
  std::uint64_t wait_timeouts = 0;  // callers that stopped waiting (deadline or cancellation)
  std::uint64_t background_ok = 0, background_failed = 0;  // refresh and decoy outcomes
  std::uint64_t batch_size = 0;     // K now (a gauge)
  std::uint64_t queue_length = 0;   // requests waiting now (a gauge)
  std::uint64_t last_round_lookups = 0;                 // lookups the latest round started (a gauge)
  std::map<std::uint64_t, std::uint64_t> rounds_by_lookups;  // lookups in a round -> rounds
  // Queue wait (request to its lookup's start), Prometheus-style: cumulative
  // counts of waits <= wait_bounds[i], plus the count and the sum.
  std::array<std::uint64_t, 8> wait_buckets{};
  std::uint64_t wait_count = 0;
  double wait_sum_seconds = 0;
};

class round_scheduler final : public resolve::lookup_dispatcher,
                              public std::enable_shared_from_this<round_scheduler> {
 public:
  // `directory`: the operator's names, used for decoys during warm-up only.
  // Throws std::invalid_argument for options out of range.
  round_scheduler(boost::asio::any_io_executor executor, scheduler_options options, lookup_fn lookup,
                  refresh_source refreshes, background_sink sink, std::vector<name::address> directory = {},
                  resolve::unix_clock clock = resolve::system_unix_now,
                  random_source rng = random_source::secure());

  // Waits for a round, then for the lookup. Errors: busy (refused, or the
  // scheduler stopped), upstream_timeout (lookup_limit passed), and those
  // of the lookup function.
  boost::asio::awaitable<result<resolve::bip353_resolution>> dispatch(name::address address) override;

  // A client asked for `address` (cache hit or miss alike): feeds the decoy pool.
  void note_demand(const name::address& address);
  // Replaces the decoy pool with demand all relays sharing a cache saw
  // (name, decayed request count), shared_demand.hpp.
  void replace_demand(const std::vector<std::pair<std::string, double>>& counts);

  // Replaces the operator's warm-up names (--directory, on SIGHUP).
  void replace_directory(const std::vector<name::address>& directory);

  // Starts the round loop on the executor. Requests dispatched before wait
  // for the first round.
  void start();
  // Ends the loop; every request still waiting fails at once with busy.
  // Lookups already started run to their own end; their results are dropped.
  void stop();

  // Completes at the next round boundary (at once when not running): for
  // releasing cached answers in step with the rounds, so that on the
  // client's link a hit does not look faster than a miss.
  boost::asio::awaitable<void> next_round();

  void set_round_observer(round_observer observer) { observer_ = std::move(observer); }
  const scheduler_counters& counters() const { return counters_; }

 private:
  struct waiter;
  struct job;
  // `self` keeps the scheduler alive while these coroutines run.
  boost::asio::awaitable<void> loop(std::shared_ptr<round_scheduler> self);
  void run_round();
  std::vector<cached_entry> due_refreshes(std::uint64_t now, const name_set& busy_names);
  boost::asio::awaitable<void> launch(std::shared_ptr<round_scheduler> self, std::shared_ptr<job> j);
  void finish(job& j, result<resolve::bip353_resolution> r);
  void observe_wait(std::chrono::steady_clock::duration waited);
  double demand_now() const;
  std::chrono::steady_clock::duration jittered_interval();

  boost::asio::any_io_executor executor_;
  scheduler_options options_;
  lookup_fn lookup_;
  refresh_source refreshes_;
  background_sink sink_;
  std::vector<std::string> directory_;
  resolve::unix_clock clock_;
  random_source rng_;
  refresh_planner planner_;
  demand_table demand_;
  batch_sizer sizer_;
  boost::asio::steady_timer tick_;
  boost::asio::steady_timer boundary_;  // never expires; reset at each round to wake its waiters
  std::chrono::steady_clock::time_point epoch_;
  round_observer observer_;
  bool started_ = false, stopped_ = false;
  std::deque<std::shared_ptr<waiter>> queue_;                     // oldest first
  std::unordered_set<std::shared_ptr<waiter>> running_;           // reals whose lookup started
  std::unordered_map<std::string, unsigned> in_flight_;           // names being looked up now
  std::unordered_map<std::string, std::uint64_t> refreshed_;      // name -> stored_at already refreshed
  scheduler_counters counters_;
};

}  // namespace hrn::privacy
