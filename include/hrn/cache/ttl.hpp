#pragma once
// How long an answer may be served: fresh (its TTL) and then stale (RFC 8767
// serve-stale). Pure: `now` is unix seconds, passed in.
//
// BIP 353 says a resolver must not cache an answer longer than its records
// allow, so every bound the chain carries (RR TTLs, RRSIG expirations) and
// the offer's own absolute_expiry caps the TTL, and the operator's ceiling
// caps all of them.

#include <cstdint>
#include <optional>

namespace hrn::cache {

struct ttl_policy {
  std::uint32_t max_ttl = 86400;          // operator's ceiling on any fresh TTL
  std::uint32_t min_negative_ttl = 60;    // floor for proven-absent names
  std::uint32_t stale_max = 86400;        // longest serve-stale window (RFC 8767 §5 suggests 1-3 days)
};

struct ttl_inputs {
  bool found = false;                     // false: a negative (proven absent) answer
  std::uint32_t chain_ttl = 0;            // min TTL over every RR of the chain
  std::uint64_t earliest_signature_expiry = 0;  // min RRSIG expiration over the chain, unix seconds
  std::optional<std::uint64_t> offer_absolute_expiry;  // the offer's absolute_expiry, if it has one
};

// Seconds the entry may be served fresh; 0 means "do not cache" (something
// it rests on has already expired):
//   ttl = min(chain_ttl, signature expiry - now, offer expiry - now, max_ttl).
// Negative entries get at least min_negative_ttl, so that a flood of lookups
// for absent names does not become a flood upstream, but never past the
// signature expiry (the proof would no longer verify) nor past max_ttl (the
// operator's ceiling wins over the floor if they are set inconsistently).
// The offer's expiry applies to found entries only.
std::uint32_t entry_ttl(const ttl_inputs& in, const ttl_policy& policy, std::uint64_t now);

// Seconds after `ttl` runs out during which the entry may still be served
// stale (RFC 8767): at most stale_max, and never past the signature expiry
// or the offer's expiry, since a stale answer whose proof no longer verifies,
// or whose offer has lapsed, helps no payer. 0 when ttl is 0.
std::uint32_t stale_window(const ttl_inputs& in, const ttl_policy& policy, std::uint64_t now,
                           std::uint32_t ttl);

}  // namespace hrn::cache
