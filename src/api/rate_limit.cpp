#include "hrn/api/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace hrn::api {

namespace {

double burst_of(const rate_limit_config& c) { return std::max(c.burst, 1.0); }

// Tokens in the bucket at `now`, without changing it.
double level(const rate_limit_config& c, double tokens, std::chrono::steady_clock::time_point then,
             std::chrono::steady_clock::time_point now) {
  const double elapsed = std::max(std::chrono::duration<double>(now - then).count(), 0.0);
  return std::min(burst_of(c), tokens + elapsed * c.per_second);
}

}  // namespace

rate_limiter::rate_limiter(rate_limiter_config config) : config_(config) {
  config_.max_clients = std::max<std::size_t>(config_.max_clients, 1);
  index_.reserve(std::min<std::size_t>(config_.max_clients, 4096));
}

bool rate_limiter::take(const rate_limit_config& c, bucket& b, clock::time_point now, double cost) {
  if (c.per_second <= 0) return true;
  b.tokens = level(c, b.tokens, b.updated, now);
  // Time never goes backwards for a bucket, so a stale `now` cannot refill it twice.
  b.updated = std::max(b.updated, now);
  // A cost above the burst could never be paid; it takes the whole bucket.
  cost = std::min(cost, burst_of(c));
  if (b.tokens < cost) return false;
  b.tokens -= cost;
  return true;
}

std::chrono::seconds rate_limiter::wait(const rate_limit_config& c, const bucket& b,
                                        clock::time_point now, double cost) {
  if (c.per_second <= 0) return std::chrono::seconds(0);
  cost = std::min(cost, burst_of(c));
  const double have = level(c, b.tokens, b.updated, now);
  if (have >= cost) return std::chrono::seconds(0);
  return std::chrono::seconds(static_cast<long long>(std::ceil((cost - have) / c.per_second)));
}

rate_limiter::bucket& rate_limiter::client_bucket(std::string_view client, clock::time_point now) {
  if (auto it = index_.find(client); it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);  // now the most recently used
    return *it->second;
  }
  if (index_.size() >= config_.max_clients) {
    // Full: reuse the least recently used bucket's node (see the header for
    // why this is safe), so the table never grows past max_clients.
    auto oldest = std::prev(lru_.end());
    index_.erase(oldest->key);
    lru_.splice(lru_.begin(), lru_, oldest);
  } else {
    lru_.emplace_front();
  }
  bucket& b = lru_.front();
  b.key.assign(client);
  b.tokens = burst_of(config_.per_client);
  b.updated = now;
  index_.emplace(b.key, lru_.begin());
  return b;
}

bool rate_limiter::allow(std::string_view client, clock::time_point now, unsigned cost) {
  if (client == onion_key) {
    if (!onion_started_) {
      onion_ = {std::string(onion_key), burst_of(config_.onion), now};
      onion_started_ = true;
    }
    return take(config_.onion, onion_, now, cost);
  }
  // A disabled limit keeps no table at all.
  if (config_.per_client.per_second <= 0) return true;
  return take(config_.per_client, client_bucket(client, now), now, cost);
}

std::chrono::seconds rate_limiter::retry_after(std::string_view client,
                                               clock::time_point now, unsigned cost) const {
  if (client == onion_key) {
    if (!onion_started_) return std::chrono::seconds(0);
    return wait(config_.onion, onion_, now, cost);
  }
  auto it = index_.find(client);
  if (it == index_.end()) return std::chrono::seconds(0);
  return wait(config_.per_client, *it->second, now, cost);
}

}  // namespace hrn::api
