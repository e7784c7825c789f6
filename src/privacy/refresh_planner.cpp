#include "hrn/privacy/refresh_planner.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string_view>

namespace hrn::privacy {

namespace {

// SplitMix64's finaliser: a bijective mix, enough to turn (key, name hash,
// stored_at) into an offset no one without the key can predict in practice.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

refresh_planner::refresh_planner(std::uint64_t key, refresh_options options) : key_(key), options_(options) {
  options_.window = std::clamp(options_.window, 0.0, 1.0);
}

std::optional<std::uint64_t> refresh_planner::moment(const cached_entry& e) const {
  if (e.expires_at <= e.stored_at + options_.min_lead) return std::nullopt;
  const std::uint64_t ttl = e.expires_at - e.stored_at;
  const std::uint64_t last = e.expires_at - options_.min_lead;  // latest moment
  const auto span = static_cast<std::uint64_t>(std::ceil(static_cast<double>(ttl) * options_.window));
  const std::uint64_t first = std::min(last, e.expires_at - std::min(span, ttl));
  const std::uint64_t h = mix(key_ ^ mix(std::hash<std::string_view>{}(e.name) ^ mix(e.stored_at)));
  return first + h % (last - first + 1);
}

bool refresh_planner::due(const cached_entry& e, std::uint64_t now) const {
  if (now >= e.expires_at) return false;
  const auto m = moment(e);
  return m && now >= *m;
}

std::vector<cached_entry> refresh_planner::due_entries(std::vector<cached_entry> entries,
                                                       std::uint64_t now) const {
  std::erase_if(entries, [&](const cached_entry& e) { return !due(e, now); });
  std::sort(entries.begin(), entries.end(),
            [](const cached_entry& a, const cached_entry& b) { return a.expires_at < b.expires_at; });
  return entries;
}

}  // namespace hrn::privacy
