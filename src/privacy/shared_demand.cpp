#include "hrn/privacy/shared_demand.hpp"

#include <cmath>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/privacy/random.hpp"
#include "hrn/privacy/round_scheduler.hpp"

namespace hrn::privacy {
namespace asio = boost::asio;

namespace {

double tau_of(double half_life_seconds) { return std::max(half_life_seconds, 1.0) / std::log(2.0); }

}  // namespace

double demand_score(double count, std::uint64_t t, double half_life_seconds) {
  const auto day_start = t / demand_day_seconds * demand_day_seconds;
  return count * std::exp(static_cast<double>(t - day_start) / tau_of(half_life_seconds));
}

std::vector<std::pair<std::string, double>> demand_counts(const cache::redis::shared_cache::demand_view& view,
                                                          std::uint64_t now, double half_life_seconds) {
  const double tau = tau_of(half_life_seconds);
  const auto today_start = now / demand_day_seconds * demand_day_seconds;
  const double today_factor = std::exp(-static_cast<double>(now - today_start) / tau);
  const double yesterday_factor =
      std::exp(-static_cast<double>(now - today_start + demand_day_seconds) / tau);
  std::unordered_map<std::string, double> sum;
  for (const auto& s : view.today) sum[s.name] += s.score * today_factor;
  for (const auto& s : view.yesterday) sum[s.name] += s.score * yesterday_factor;
  std::vector<std::pair<std::string, double>> out;
  out.reserve(sum.size());
  for (auto& [name, count] : sum)
    if (std::isfinite(count) && count > 0) out.emplace_back(name, count);
  return out;
}

shared_demand::shared_demand(asio::any_io_executor executor, cache::redis::shared_cache& cache,
                             std::shared_ptr<round_scheduler> scheduler, shared_demand_options options,
                             resolve::unix_clock clock)
    : executor_(executor),
      cache_(cache),
      scheduler_(std::move(scheduler)),
      options_(options),
      clock_(std::move(clock)),
      timer_(executor) {}

void shared_demand::note(const name::address& address) {
  const auto now = clock_();
  const auto day = now / demand_day_seconds;
  // Scores are relative to their day's start: a new day starts a new set.
  if (day != pending_day_) {
    pending_.clear();
    pending_day_ = day;
  }
  auto key = address.text();
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    if (pending_.size() >= options_.max_pending) return;  // bounded; the local table still counts it
    it = pending_.emplace(std::move(key), 0.0).first;
  }
  it->second += demand_score(1.0, now, options_.half_life_seconds);
}

void shared_demand::start() {
  asio::co_spawn(executor_, loop(shared_from_this()), asio::detached);
}

void shared_demand::stop() {
  stopped_ = true;
  timer_.cancel();
}

asio::awaitable<void> shared_demand::loop([[maybe_unused]] std::shared_ptr<shared_demand> self) {
  auto rng = random_source::secure();
  while (!stopped_) {
    // Jittered, so relays started together do not exchange in step.
    const double factor = 0.8 + 0.4 * rng.unit();
    timer_.expires_after(std::chrono::milliseconds(
        static_cast<long long>(static_cast<double>(options_.interval.count()) * factor)));
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
    if (stopped_) break;
    auto op = exchange();
    co_await std::move(op);
  }
}

asio::awaitable<void> shared_demand::exchange() {
  if (!cache_.available()) co_return;
  const auto now = clock_();
  const auto day = now / demand_day_seconds;
  // Taken out before the wait: names counted meanwhile go with the next one.
  std::vector<cache::redis::demand_score> increments;
  if (day == pending_day_) {
    increments.reserve(pending_.size());
    for (auto& [name, score] : pending_) increments.push_back({name, score});
  }
  pending_.clear();
  auto sent = increments;
  auto op = cache_.exchange_demand(std::move(increments), day, options_.keep, options_.top);
  auto view = co_await std::move(op);
  if (!view) {
    // Kept for the next exchange (same day, same bound).
    if (pending_day_ == day)
      for (auto& s : sent)
        if (pending_.size() < options_.max_pending || pending_.count(s.name)) pending_[s.name] += s.score;
    co_return;
  }
  ++exchanges_;
  const auto counts = demand_counts(*view, clock_(), options_.half_life_seconds);
  if (!counts.empty()) scheduler_->replace_demand(counts);
}

}  // namespace hrn::privacy
