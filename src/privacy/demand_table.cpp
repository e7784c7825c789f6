#include "hrn/privacy/demand_table.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <utility>

namespace hrn::privacy {

namespace {
// exp(40) ≈ 2e17: far from double's range, and rescaling that seldom is free.
constexpr double max_exponent = 40.0;
// At a rescale, names whose decayed count is below this (a single request
// some ten half-lives ago) are dropped: they would hardly ever be drawn.
constexpr double forgotten = 1e-3;
}  // namespace

demand_table::demand_table(demand_options options)
    : options_(options), tau_(std::max(options.half_life_seconds, 1.0) / std::log(2.0)) {
  if (options_.capacity == 0) options_.capacity = 1;
}

void demand_table::rescale(double now) {
  const double factor = std::exp(-(now - landmark_) / tau_);
  for (auto it = scores_.begin(); it != scores_.end();) {
    it->second *= factor;
    if (it->second < forgotten)
      it = scores_.erase(it);
    else
      ++it;
  }
  landmark_ = now;
}

void demand_table::drop_weakest() {
  std::vector<std::pair<double, const std::string*>> order;
  order.reserve(scores_.size());
  for (const auto& [name, score] : scores_) order.emplace_back(score, &name);
  const std::size_t drop = std::max<std::size_t>(1, scores_.size() / 8);
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(drop - 1), order.end());
  std::vector<std::string> victims;
  victims.reserve(drop);
  for (std::size_t i = 0; i < drop; ++i) victims.push_back(*order[i].second);
  for (const auto& v : victims) scores_.erase(v);
}

void demand_table::note(std::string_view name, double now, double count) {
  if (!(count > 0)) return;  // also NaN
  if (!started_) {
    landmark_ = now;
    started_ = true;
  }
  now = std::max(now, landmark_);  // a clock that went back counts as "now"
  if ((now - landmark_) / tau_ > max_exponent) rescale(now);
  const double increment = count * std::exp((now - landmark_) / tau_);
  if (auto it = scores_.find(name); it != scores_.end()) {
    it->second += increment;
    return;
  }
  if (scores_.size() >= options_.capacity) drop_weakest();
  scores_.emplace(std::string(name), increment);
}

double demand_table::weight(std::string_view name, double now) const {
  auto it = scores_.find(name);
  if (it == scores_.end()) return 0;
  return it->second * std::exp(-(now - landmark_) / tau_);
}

std::vector<std::string> demand_table::draw(std::size_t n, const name_set& exclude, random_source& rng) const {
  if (n == 0 || scores_.empty()) return {};
  // Key log(u) / w for u uniform in (0, 1]: the n largest keys are a
  // weighted sample without replacement. The common decay factor scales
  // every weight alike, so the stored scores serve as weights.
  using keyed = std::pair<double, const std::string*>;
  std::priority_queue<keyed, std::vector<keyed>, std::greater<>> best;  // smallest key on top
  for (const auto& [name, score] : scores_) {
    if (score <= 0 || exclude.count(name) != 0) continue;
    const double u = 1.0 - rng.unit();  // (0, 1]
    const double key = std::log(u) / score;
    if (best.size() < n) {
      best.emplace(key, &name);
    } else if (key > best.top().first) {
      best.pop();
      best.emplace(key, &name);
    }
  }
  std::vector<std::string> out(best.size());
  for (std::size_t i = out.size(); i-- > 0;) {  // largest key first
    out[i] = *best.top().second;
    best.pop();
  }
  return out;
}

}  // namespace hrn::privacy
