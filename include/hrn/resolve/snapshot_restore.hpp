#pragma once
// Loading a cache snapshot: every record's chain is validated again, at the
// time of loading, and its answer derived from the chain alone (the snapshot
// stores no parsed answer), so a tampered or outdated snapshot cannot put an
// answer in the cache that a fresh lookup would not have produced. Pure.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hrn/cache/snapshot.hpp"
#include "hrn/cache/store.hpp"
#include "hrn/cache/ttl.hpp"
#include "hrn/dns/trust_anchor.hpp"

namespace hrn::resolve {

struct restore_counts {
  std::size_t restored = 0;
  std::size_t expired = 0;  // past their TTL: dropped, the next request looks them up
  std::size_t invalid = 0;  // chain no longer validates, or does not match its key
};

restore_counts restore_snapshot(cache::store& store, const std::vector<cache::snapshot_record>& records,
                                const std::vector<dns::trust_anchor>& anchors,
                                const cache::ttl_policy& policy, std::uint64_t now);

}  // namespace hrn::resolve
