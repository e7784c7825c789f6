#include "hrn/resolve/snapshot_restore.hpp"

#include "hrn/dns/auth_chain.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/entry_check.hpp"
#include "hrn/resolve/errors.hpp"

namespace hrn::resolve {

restore_counts restore_snapshot(cache::store& store, const std::vector<cache::snapshot_record>& records,
                                const std::vector<dns::trust_anchor>& anchors,
                                const cache::ttl_policy& policy, std::uint64_t now) {
  const chain_checker check = [&](byte_view chain, const dns::name& qname, std::uint16_t qtype) {
    return dns::verify_chain(qname, qtype, chain, anchors, now);
  };
  restore_counts counts;
  for (const auto& rec : records) {
    recorded_entry entry;
    entry.key = rec.key;
    entry.chain = rec.chain;
    entry.found = rec.found;
    entry.stored_at = rec.stored_at;
    entry.expires_at = rec.expires_at;
    entry.stale_until = rec.stale_until;
    auto checked = check_recorded_entry(entry, check, policy, now, false);
    if (!checked) {
      ++(checked.err().code == errc::entry_expired ? counts.expired : counts.invalid);
      continue;
    }
    store.restore(rec.key, to_cache_answer(checked->resolution), checked->stored_at, checked->expires_at,
                  checked->stale_until, now);
    ++counts.restored;
  }
  return counts;
}

}  // namespace hrn::resolve
