#include "hrn/privacy/round_scheduler.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/dns/transport/deadline.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/resolve/errors.hpp"

namespace hrn::privacy {
namespace asio = boost::asio;
using std::chrono::steady_clock;
using lookup_result = result<resolve::bip353_resolution>;

// A request waiting for its round, then for its lookup.
struct round_scheduler::waiter {
  waiter(const asio::any_io_executor& ex, name::address a)
      : address(std::move(a)), key(address.text()), wake(ex) {}
  name::address address;
  std::string key;
  steady_clock::time_point enqueued;
  asio::steady_timer wake;  // its deadline; cancelled when the outcome is in
  std::optional<lookup_result> outcome;
  bool abandoned = false;  // the caller stopped waiting
};

// One lookup of a round.
struct round_scheduler::job {
  lookup_kind kind = lookup_kind::decoy;
  name::address address;
  std::string key;
  std::shared_ptr<waiter> w;  // real lookups only
  steady_clock::duration offset{};
  // A real answer is not released before every lookup of its round has
  // started: otherwise the moment the client gets its answer tells which of
  // the round's lookups was its own (the last one started before it).
  steady_clock::time_point release_at{};
  bool done = false;
};

round_scheduler::round_scheduler(asio::any_io_executor executor, scheduler_options options, lookup_fn lookup,
                                 refresh_source refreshes, background_sink sink,
                                 std::vector<name::address> directory, resolve::unix_clock clock,
                                 random_source rng)
    : executor_(std::move(executor)),
      options_(options),
      lookup_(std::move(lookup)),
      refreshes_(std::move(refreshes)),
      sink_(std::move(sink)),
      clock_(std::move(clock)),
      rng_(std::move(rng)),
      planner_(rng_(), options.refresh),
      demand_(options.demand),
      sizer_(options.batch_size, options.batch_size_max),
      tick_(executor_),
      boundary_(executor_, steady_clock::time_point::max()),
      epoch_(steady_clock::now()) {
  const auto& o = options_;
  if (o.round_interval.count() <= 0) throw std::invalid_argument("round interval must be positive");
  if (o.jitter < 0 || o.jitter > 0.5) throw std::invalid_argument("jitter must be within 0 … 0.5");
  if (o.batch_size == 0) throw std::invalid_argument("batch size must be at least 1");
  if (o.batch_size_max < o.batch_size) throw std::invalid_argument("batch size max must be at least the batch size");
  if (o.max_queue == 0) throw std::invalid_argument("max queue must be at least 1");
  if (o.max_queue_wait < o.round_interval)
    throw std::invalid_argument("max queue wait must be at least one round interval");
  // Rounds must not overlap: the last start of one round comes before the
  // earliest next tick.
  if (o.start_window.count() < 0 || o.start_window >= o.round_interval * (1 - o.jitter))
    throw std::invalid_argument("start window must be shorter than the shortest round interval");
  if (!lookup_) throw std::invalid_argument("a lookup function is required");
  for (const auto& a : directory) directory_.push_back(a.text());
  counters_.batch_size = sizer_.current();
}

void round_scheduler::replace_directory(const std::vector<name::address>& directory) {
  directory_.clear();
  for (const auto& a : directory) directory_.push_back(a.text());
}

double round_scheduler::demand_now() const {
  return std::chrono::duration<double>(steady_clock::now() - epoch_).count();
}

steady_clock::duration round_scheduler::jittered_interval() {
  const double factor = 1.0 + options_.jitter * (2.0 * rng_.unit() - 1.0);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(options_.round_interval).count();
  return std::chrono::microseconds(static_cast<long long>(static_cast<double>(us) * factor));
}

void round_scheduler::note_demand(const name::address& address) { demand_.note(address.text(), demand_now()); }

void round_scheduler::replace_demand(const std::vector<std::pair<std::string, double>>& counts) {
  demand_table fresh(options_.demand);
  const double now = demand_now();
  for (const auto& [text, count] : counts) {
    // These names come from Redis, which anyone with write access fills as
    // they like: only a name exactly as the relay writes one (user@domain,
    // normalised, no short code) may become a decoy. Anything else would
    // leave its slot empty, or send a name twice in a round under another
    // spelling, and a round short of K tells which lookups were real.
    if (text.size() > name::max_input_bytes) continue;  // before parsing a megabyte
    auto a = name::parse(text);
    if (!a || !a->short_code.empty() || a->text() != text) continue;
    fresh.note(text, now, count);
  }
  demand_ = std::move(fresh);
}

asio::awaitable<lookup_result> round_scheduler::dispatch(name::address address) {
  address.short_code.clear();  // the payer's, never part of a lookup
  if (stopped_) {
    ++counters_.busy;
    co_return make_error(resolve::errc::busy, "the relay is shutting down");
  }
  if (queue_.size() >= options_.max_queue ||
      estimated_wait(queue_.size(), sizer_.current(), options_.round_interval) > options_.max_queue_wait) {
    ++counters_.busy;
    co_return make_error(resolve::errc::busy, "too many lookups waiting for a round; try again shortly");
  }
  auto self = shared_from_this();
  auto w = std::make_shared<waiter>(executor_, std::move(address));
  w->enqueued = steady_clock::now();
  const auto longest_round = options_.round_interval + options_.round_interval / 2;
  w->wake.expires_after(options_.max_queue_wait + longest_round + options_.lookup_limit);
  queue_.push_back(w);
  counters_.queue_length = queue_.size();
  co_await w->wake.async_wait(asio::as_tuple(asio::use_awaitable));
  if (w->outcome) co_return std::move(*w->outcome);
  // The deadline passed, or the caller was cancelled: it stops waiting. A
  // lookup already started still runs; its result goes to the sink.
  w->abandoned = true;
  ++counters_.wait_timeouts;
  if (auto it = std::find(queue_.begin(), queue_.end(), w); it != queue_.end()) queue_.erase(it);
  counters_.queue_length = queue_.size();
  co_return make_error(dns::transport::errc::upstream_timeout, "the lookup of this name did not finish in time");
}

void round_scheduler::start() {
  if (started_ || stopped_) return;
  started_ = true;
  auto self = shared_from_this();
  asio::co_spawn(executor_, loop(std::move(self)), asio::detached);
}

void round_scheduler::stop() {
  if (stopped_) return;
  stopped_ = true;
  tick_.cancel();
  boundary_.cancel();  // releases whoever waits for a round boundary
  auto fail = [](const std::shared_ptr<waiter>& w) {
    if (w->outcome) return;
    w->outcome = make_error(resolve::errc::busy, "the relay is shutting down");
    w->wake.cancel();
  };
  for (const auto& w : queue_) fail(w);
  for (const auto& w : running_) fail(w);
  queue_.clear();
  running_.clear();
  counters_.queue_length = 0;
}

asio::awaitable<void> round_scheduler::next_round() {
  if (!started_ || stopped_) co_return;
  // Bounded like every wait: a round comes within one jittered interval.
  auto wait = boundary_.async_wait(asio::as_tuple(asio::use_awaitable));
  (void)co_await dns::with_deadline(std::move(wait), options_.round_interval * 2);
}

asio::awaitable<void> round_scheduler::loop([[maybe_unused]] std::shared_ptr<round_scheduler> self) {
  auto next = steady_clock::now() + jittered_interval();
  while (!stopped_) {
    tick_.expires_at(next);
    co_await tick_.async_wait(asio::as_tuple(asio::use_awaitable));
    if (stopped_) break;
    run_round();
    // Ticks follow the schedule, not the moment this loop got to run; a loop
    // that fell behind does not fire a burst of rounds to catch up.
    next = std::max(next + jittered_interval(), steady_clock::now());
  }
}

std::vector<cached_entry> round_scheduler::due_refreshes(std::uint64_t now, const name_set& busy_names) {
  if (!refreshes_) return {};
  auto due = planner_.due_entries(refreshes_(now), now);
  std::erase_if(due, [&](const cached_entry& e) {
    if (busy_names.count(e.name) != 0) return true;
    // Refreshed once already: a refresh that failed is not retried every
    // round (the entry keeps its stored_at only if the refresh failed).
    auto it = refreshed_.find(e.name);
    return it != refreshed_.end() && it->second == e.stored_at;
  });
  return due;
}

void round_scheduler::run_round() {
  const auto tick = steady_clock::now();
  // A round boundary: whoever waits for one goes now (resetting the expiry
  // cancels the pending waits; later waiters wait for the next round).
  boundary_.expires_at(steady_clock::time_point::max());
  const std::size_t k = sizer_.next(queue_.size());
  name_set busy_names;
  for (const auto& [key, n] : in_flight_) busy_names.insert(key);
  const auto due = due_refreshes(clock_(), busy_names);
  std::vector<std::string> refresh_names;
  std::unordered_map<std::string, std::uint64_t> stored_at;
  for (const auto& e : due) {
    refresh_names.push_back(e.name);
    stored_at.emplace(e.name, e.stored_at);
  }
  std::vector<std::string_view> waiting;
  waiting.reserve(queue_.size());
  for (const auto& w : queue_) waiting.push_back(w->key);
  auto plan = compose_round(waiting, refresh_names, {}, k, options_.idle);
  // Decoys only for the slots left, and none of the round's names: drawing
  // costs a pass over the demand table, skipped when the round is full.
  if (options_.idle == idle_policy::cover && plan.size() < k) {
    for (const auto& p : plan) busy_names.insert(p.name);
    const auto decoys =
        decoy_candidates(demand_, directory_, options_.warmup_names, k - plan.size(), busy_names, rng_);
    plan = compose_round(waiting, refresh_names, decoys, k, options_.idle);
  }

  std::vector<std::shared_ptr<job>> jobs;
  std::vector<bool> taken(queue_.size(), false);
  const auto window_us = std::chrono::duration_cast<std::chrono::microseconds>(options_.start_window).count();
  for (const auto& p : plan) {
    auto j = std::make_shared<job>();
    j->kind = p.kind;
    j->key = p.name;
    if (p.kind == lookup_kind::real) {
      j->w = queue_[p.queue_index];
      j->address = j->w->address;
      taken[p.queue_index] = true;
      running_.insert(j->w);
      ++counters_.real_slots;
    } else {
      auto a = name::parse(p.name);  // our own normalised text: parses back
      if (!a) continue;
      j->address = std::move(*a);
      j->address.short_code.clear();
      if (p.kind == lookup_kind::refresh) {
        if (refreshed_.size() >= options_.demand.capacity) refreshed_.clear();  // bounded
        refreshed_[p.name] = stored_at[p.name];
        ++counters_.refresh_slots;
      } else {
        ++counters_.decoy_slots;
      }
    }
    j->offset = std::chrono::microseconds(static_cast<long long>(rng_.below(static_cast<std::uint64_t>(window_us))));
    j->release_at = tick + options_.start_window;
    ++in_flight_[j->key];
    jobs.push_back(std::move(j));
  }
  std::deque<std::shared_ptr<waiter>> rest;
  for (std::size_t i = 0; i < queue_.size(); ++i)
    if (!taken[i]) rest.push_back(std::move(queue_[i]));
  queue_ = std::move(rest);

  ++counters_.rounds;
  counters_.batch_size = k;
  counters_.queue_length = queue_.size();
  counters_.empty_slots += k - jobs.size();
  counters_.last_round_lookups = jobs.size();
  ++counters_.rounds_by_lookups[jobs.size()];
  if (observer_) observer_(tick, jobs.size());

  // Random start order: each lookup waits its own random offset.
  for (auto& j : jobs) {
    auto self = shared_from_this();
    asio::co_spawn(executor_, launch(self, j), [self, j](std::exception_ptr e) {
      // A lookup function that threw (a bug): its caller still gets an answer.
      if (e && !j->done) self->finish(*j, make_error(dns::transport::errc::upstream_error, "the lookup failed"));
    });
  }
}

asio::awaitable<void> round_scheduler::launch([[maybe_unused]] std::shared_ptr<round_scheduler> self,
                                              std::shared_ptr<job> j) {
  if (j->offset.count() > 0) {
    asio::steady_timer offset(executor_, j->offset);
    co_await offset.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  if (stopped_) {
    finish(*j, make_error(resolve::errc::busy, "the relay is shutting down"));
    co_return;
  }
  if (j->w) observe_wait(steady_clock::now() - j->w->enqueued);
  // Named local (g++ 12 coroutine workaround, see lookup_pipeline.cpp). Real,
  // refresh and decoy lookups are this same call: nothing else differs.
  auto op = lookup_(j->address);
  auto r = co_await std::move(op);
  if (j->w && steady_clock::now() < j->release_at) {
    asio::steady_timer hold(executor_, j->release_at);
    co_await hold.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  finish(*j, std::move(r));
}

void round_scheduler::finish(job& j, lookup_result r) {
  j.done = true;
  if (auto it = in_flight_.find(j.key); it != in_flight_.end() && --it->second == 0) in_flight_.erase(it);
  if (stopped_) return;  // waiters were failed by stop(); results are dropped
  if (j.w) {
    running_.erase(j.w);
    if (!j.w->abandoned && !j.w->outcome) {
      j.w->outcome = std::move(r);
      j.w->wake.cancel();
      return;
    }
  } else {
    ++(r ? counters_.background_ok : counters_.background_failed);
  }
  if (sink_) sink_(j.address, r, j.kind);
}

void round_scheduler::observe_wait(steady_clock::duration waited) {
  const double s = std::chrono::duration<double>(waited).count();
  for (std::size_t i = 0; i < scheduler_counters::wait_bounds.size(); ++i)
    if (s <= scheduler_counters::wait_bounds[i]) ++counters_.wait_buckets[i];
  ++counters_.wait_count;
  counters_.wait_sum_seconds += s;
}

}  // namespace hrn::privacy
