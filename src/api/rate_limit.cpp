#include "hrn/api/rate_limit.hpp"

#include <optional>
#include <vector>

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
  // At least two: an IPv6 client holds its /64 bucket and its /48 bucket at once.
  config_.max_clients = std::max<std::size_t>(config_.max_clients, 2);
  index_.reserve(std::min<std::size_t>(config_.max_clients, 4096));
}

void rate_limiter::reconfigure(const rate_limiter_config& config) {
  const auto max_clients = config_.max_clients;
  config_ = config;
  config_.max_clients = max_clients;
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

rate_limiter::bucket& rate_limiter::client_bucket(std::string_view client, clock::time_point now,
                                                  const rate_limit_config& config) {
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
  b.tokens = burst_of(config);
  b.updated = now;
  index_.emplace(b.key, lru_.begin());
  return b;
}

std::optional<std::string> prefix48_of(std::string_view key) {
  // Keys of IPv6 clients are "<address>/64" with the low 64 bits zero, in
  // the compressed text form: expand the first three groups.
  if (!key.ends_with("/64")) return std::nullopt;
  key.remove_suffix(3);
  std::vector<std::string_view> head, tail;
  auto split = [](std::string_view text, std::vector<std::string_view>& out) {
    while (!text.empty()) {
      const auto colon = text.find(':');
      out.push_back(text.substr(0, colon));
      if (colon == std::string_view::npos) break;
      text.remove_prefix(colon + 1);
    }
  };
  const auto gap = key.find("::");
  split(gap == std::string_view::npos ? key : key.substr(0, gap), head);
  if (gap != std::string_view::npos) split(key.substr(gap + 2), tail);
  std::vector<std::string_view> groups = head;
  if (gap != std::string_view::npos) {
    if (head.size() + tail.size() > 8) return std::nullopt;
    groups.resize(8 - tail.size(), "0");
    groups.insert(groups.end(), tail.begin(), tail.end());
  }
  if (groups.size() != 8) return std::nullopt;
  std::string out;
  for (int i = 0; i < 3; ++i) {
    if (groups[static_cast<std::size_t>(i)].empty() || groups[static_cast<std::size_t>(i)].size() > 4)
      return std::nullopt;
    out.append(groups[static_cast<std::size_t>(i)]).append(":");
  }
  out.append(":/48");
  return out;
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
  // An IPv6 client is one /64, but whoever holds a /48 holds 65,536 of
  // them: its /48 shares one larger bucket too, and both must pay.
  if (auto group = prefix48_of(client); group && config_.per_prefix48.per_second > 0) {
    bucket& g = client_bucket(*group, now, config_.per_prefix48);
    bucket& c = client_bucket(client, now, config_.per_client);
    const double want = std::min<double>(cost, burst_of(config_.per_client));
    const double want_group = std::min<double>(cost, burst_of(config_.per_prefix48));
    if (level(config_.per_prefix48, g.tokens, g.updated, now) < want_group ||
        level(config_.per_client, c.tokens, c.updated, now) < want)
      return false;
    return take(config_.per_prefix48, g, now, cost) && take(config_.per_client, c, now, cost);
  }
  return take(config_.per_client, client_bucket(client, now, config_.per_client), now, cost);
}

std::chrono::seconds rate_limiter::retry_after(std::string_view client,
                                               clock::time_point now, unsigned cost) const {
  if (client == onion_key) {
    if (!onion_started_) return std::chrono::seconds(0);
    return wait(config_.onion, onion_, now, cost);
  }
  auto it = index_.find(client);
  auto wait_for = it == index_.end() ? std::chrono::seconds(0) : wait(config_.per_client, *it->second, now, cost);
  if (auto group = prefix48_of(client))
    if (auto g = index_.find(*group); g != index_.end())
      wait_for = std::max(wait_for, wait(config_.per_prefix48, *g->second, now, cost));
  return wait_for;
}

}  // namespace hrn::api
