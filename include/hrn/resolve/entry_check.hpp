#pragma once
// A cache entry that comes from outside this process (the snapshot file, the
// shared cache of several relays) is checked as if it had just been looked
// up: its chain validated again for the entry's own name, its answer derived
// again from that chain, and its times cut to what the chain allows now and
// allowed when the entry was stored. Nothing such an entry says is believed
// but what its chain proves. Pure: the chain check and the time are given.

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "hrn/cache/ttl.hpp"
#include "hrn/dns/validator.hpp"
#include "hrn/resolve/bip353_resolver.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::resolve {

// Validates an RFC 9102 chain for (qname, qtype) at the checker's time.
using chain_checker =
    std::function<result<dns::validated_answer>(byte_view chain, const dns::name& qname, std::uint16_t qtype)>;

struct recorded_entry {
  std::string_view key;  // the name as the relay stores it: user@domain, normalised
  byte_view chain;
  bool found = false;
  // The answer as recorded, when the format records one (shared entries):
  // it must be exactly what the chain says. Snapshots record none.
  std::optional<std::string_view> uri;
  std::uint64_t stored_at = 0, expires_at = 0, stale_until = 0;
};

struct checked_entry {
  bip353_resolution resolution;  // derived from the chain; proof = the chain
  std::uint64_t stored_at = 0, expires_at = 0, stale_until = 0;
};

// Errors: errc::entry_expired (nothing left to serve at `now`; with
// `accept_stale` an entry past its TTL but inside its stale window is still
// served), errc::entry_invalid (the message says why).
result<checked_entry> check_recorded_entry(const recorded_entry& entry, const chain_checker& check,
                                           const cache::ttl_policy& policy, std::uint64_t now, bool accept_stale);

}  // namespace hrn::resolve
