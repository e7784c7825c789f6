#include "hrn/cache/ttl.hpp"

#include <algorithm>

namespace hrn::cache {

namespace {

// Seconds from `now` until `at`, 0 if `at` is not in the future.
std::uint64_t left_until(std::uint64_t at, std::uint64_t now) { return at > now ? at - now : 0; }

// The tightest absolute deadline the records set: the signature expiry, and
// for found answers the offer's expiry.
std::uint64_t records_deadline(const ttl_inputs& in) {
  std::uint64_t deadline = in.earliest_signature_expiry;
  if (in.found && in.offer_absolute_expiry) deadline = std::min(deadline, *in.offer_absolute_expiry);
  return deadline;
}

}  // namespace

std::uint32_t entry_ttl(const ttl_inputs& in, const ttl_policy& policy, std::uint64_t now) {
  const std::uint64_t records_left = left_until(records_deadline(in), now);
  if (records_left == 0) return 0;
  std::uint64_t ttl = std::min<std::uint64_t>(in.chain_ttl, records_left);
  if (!in.found) ttl = std::min<std::uint64_t>(std::max<std::uint64_t>(ttl, policy.min_negative_ttl), records_left);
  ttl = std::min<std::uint64_t>(ttl, policy.max_ttl);
  return static_cast<std::uint32_t>(ttl);  // <= max_ttl, a uint32_t
}

std::uint32_t stale_window(const ttl_inputs& in, const ttl_policy& policy, std::uint64_t now,
                           std::uint32_t ttl) {
  if (ttl == 0) return 0;
  const std::uint64_t fresh_until = now + ttl;
  const std::uint64_t left = left_until(records_deadline(in), fresh_until);
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(left, policy.stale_max));
}

}  // namespace hrn::cache
