#include "hrn/resolve/snapshot_restore.hpp"

#include <algorithm>

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/bip353_resolver.hpp"

namespace hrn::resolve {

restore_counts restore_snapshot(cache::store& store, const std::vector<cache::snapshot_record>& records,
                                const std::vector<dns::trust_anchor>& anchors,
                                const cache::ttl_policy& policy, std::uint64_t now) {
  restore_counts counts;
  for (const auto& rec : records) {
    if (rec.expires_at <= now) {
      ++counts.expired;
      continue;
    }
    // The key must be the normalised form of a name, as the relay stores it.
    auto address = name::parse(rec.key);
    if (!address || address->text() != rec.key || !address->short_code.empty()) {
      ++counts.invalid;
      continue;
    }
    auto qname = dns::name::from_text(address->dns_name());
    if (!qname) {
      ++counts.invalid;
      continue;
    }
    auto validated = dns::verify_chain(*qname, dns::rr_type::txt, rec.chain, anchors, now);
    if (!validated) {
      ++counts.invalid;
      continue;
    }
    auto resolution = interpret_validated(*validated);
    if (!resolution || resolution->found != rec.found) {
      ++counts.invalid;
      continue;
    }
    resolution->proof = rec.chain;
    // Never longer than the chain allows today, nor than was recorded.
    const auto times = cache_times_of(*resolution, policy, now);
    if (times.ttl == 0) {
      ++counts.expired;
      continue;
    }
    // The record's own times are only trusted to shorten: an entry never
    // lives longer than a lookup at its recorded time would have allowed
    // (so an old chain replayed into the file does not start a fresh TTL).
    const auto stored_at = std::min(rec.stored_at, now);
    const auto ttl_then = cache_times_of(*resolution, policy, stored_at).ttl;
    const auto expires_at =
        std::min({rec.expires_at, now + times.ttl, stored_at + std::uint64_t{ttl_then}});
    if (expires_at <= now) {
      ++counts.expired;
      continue;
    }
    const auto stale_until =
        std::max(expires_at, std::min<std::uint64_t>(rec.stale_until, expires_at + times.stale_window));
    store.restore(rec.key, to_cache_answer(*resolution), stored_at, expires_at,
                  stale_until, now);
    ++counts.restored;
  }
  return counts;
}

}  // namespace hrn::resolve
