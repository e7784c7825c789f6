#pragma once
// Validated-key cache: DNSKEY RRsets that a validation proved to be a zone's
// keys (from the trust anchors down), kept so that later validations need
// not re-verify the root's and the TLDs' keys for every name (as Unbound's
// val_kcache). Pure: time is passed in, nothing is fetched, no clock.
//
// Keyed by (zone, SHA-256 of the canonical DNSKEY RRset, trust anchors): a
// later pool gets a hit only when it carries exactly the DNSKEY RRset that
// was validated, under the same anchors. An entry lives until the earliest
// of its TTL (counted from when it was validated) and the expiry of any
// signature its proof relied on (RFC 4035 §5.3.3). Bounded by a number of
// entries; when full, expired entries go first, then the one that expires
// soonest. Not thread-safe: one per event loop.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hrn/dns/dnssec_crypto.hpp"
#include "hrn/dns/name.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

struct cached_zone_key {
  std::uint16_t tag = 0;
  std::uint8_t algorithm = 0;
  bytes public_key_bytes;
  // Built on first use and kept: building an OpenSSL key object is a good
  // part of what the cache saves.
  mutable std::optional<public_key> pk;
  mutable bool unusable = false;
};

struct cached_zone {
  name zone;
  std::vector<cached_zone_key> keys;
  // The records that proved these keys: DS and DNSKEY RRsets and their
  // RRSIGs from the trust anchor down, so that a proof built from a cache
  // hit is as complete as one built from the pool.
  std::vector<rr> proof;
  std::uint64_t signature_expiry = 0;  // earliest RRSIG expiration in `proof`
  std::uint64_t valid_until = 0;       // min(signature_expiry, validated at + TTL), exclusive
};

class validated_key_cache {
 public:
  explicit validated_key_cache(std::size_t max_entries = 2048) : max_entries_(max_entries) {}

  // The entry for `zone` whose DNSKEY RRset digest is `dnskey_digest` and
  // that was validated under `anchors_digest`, if still valid at `now`.
  std::shared_ptr<const cached_zone> find(const name& zone, const bytes& dnskey_digest,
                                          const bytes& anchors_digest, std::uint64_t now);
  void insert(const bytes& dnskey_digest, const bytes& anchors_digest, cached_zone entry,
              std::uint64_t now);

  std::size_t size() const { return entries_.size(); }
  std::size_t max_entries() const { return max_entries_; }
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }
  void clear() { entries_.clear(); }

 private:
  static std::string key_of(const name& zone, const bytes& dnskey_digest, const bytes& anchors_digest);
  void make_room(std::uint64_t now);

  std::size_t max_entries_;
  std::map<std::string, std::shared_ptr<const cached_zone>> entries_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

// DNSKEY public keys already parsed into OpenSSL key objects, by (algorithm,
// key bytes). This proves nothing about a key: it only spares parsing the
// same bytes again (building an RSA or EC key object, with its Montgomery
// setup, costs as much as several verifications). Bounded; oldest out
// first. Safe to share between threads.
class public_key_memo {
 public:
  explicit public_key_memo(std::size_t max_entries = 512) : max_entries_(max_entries) {}
  // The parsed key, or the parse error, for these bytes.
  result<public_key> get(std::uint8_t algorithm, byte_view key_bytes);

 private:
  std::size_t max_entries_;
  std::mutex mutex_;
  std::map<std::string, public_key> keys_;
  std::deque<std::string> order_;
};

// SHA-256 over the canonical form of a DNSKEY RRset (owner, then each
// canonical RDATA in canonical order): the cache's notion of "the same keys".
bytes dnskey_rrset_digest(const name& zone, std::vector<bytes> canonical_rdatas);

}  // namespace hrn::dns
