#pragma once
// The state of one chain_validator::validate() call (private to dns/): the
// zone keys established so far, the records used, and the one work budget
// (signature checks, NSEC3 hashes, zones) every proof attempt draws from.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "hrn/dns/denial.hpp"
#include "hrn/dns/dnssec_crypto.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/dns/key_cache.hpp"
#include "hrn/dns/validator.hpp"
#include "pool_index.hpp"

namespace hrn::dns::detail {

struct zone_keys {
  struct key {
    std::uint16_t tag;
    std::uint8_t algorithm;
    byte_view public_key_bytes;  // into the pool's DNSKEY RDATA, or a cache entry's
    // Built on first use: most keys of a zone never sign what we check, and
    // an OpenSSL key object costs as much as a hash of the whole chain.
    mutable std::optional<public_key> pk;
    mutable bool unusable = false;
    const public_key* get() const;
  };
  name zone;
  std::vector<key> keys;
  std::vector<const rr*> proof;  // DS/DNSKEY RRs and RRSIGs from the anchor down to this zone
  std::uint32_t min_ttl = 0xFFFFFFFFu;
  std::uint64_t expiry = ~std::uint64_t{0};
};

struct verified {
  const signature* sig;
  const zone_keys* keys;
};

class validation_run {
 public:
  validation_run(const pool_index& idx, std::span<const trust_anchor> anchors, const bytes& anchors_digest,
                 const validation_options& options, std::uint64_t now, validated_key_cache* cache)
      : idx_(idx),
        anchors_(anchors),
        anchors_digest_(anchors_digest),
        options_(options),
        now_(now),
        cache_(cache),
        hasher_(options.max_nsec3_iterations, options.max_nsec3_hashes) {}

  // zone_trust.cpp
  result<const zone_keys*> zone(const name& z);
  result<const signature*> verify_with(const rrset_entry& set, const zone_keys& keys);
  // Verified with the keys of the zone that contains the RRset (RFC 4035 §5.3.1).
  result<verified> verify_signed(const rrset_entry& set);
  // The zone an RRset at `owner` of `type` belongs to, as far as the pool
  // shows zone cuts (a trust anchor, a DNSKEY or a DS RRset at a name).
  name containing_zone(const name& owner, std::uint16_t type) const;
  void accept(const rrset_entry& set, const signature& sig, const zone_keys& keys);

  // denial_glue.cpp
  result<denial_proof> deny(const name& qname, std::uint16_t qtype);
  status prove_wildcard(const name& owner, std::uint8_t rrsig_labels, const name& zone);
  // A validated proof that `n` lies below an unsigned delegation.
  bool proven_insecure(const name& n, std::string& where);
  // The signature of a pool NSEC3 RRset of `zone`, verified once per run and
  // before its parameters are used for any hashing; nullptr when it fails.
  const signature* verified_nsec3(const rrset_entry& set, const name& zone);

  // validator.cpp
  result<bool> verify_answer(const rrset_entry& set);  // true when wildcard-expanded

  const pool_index& index() const { return idx_; }
  const validation_options& options() const { return options_; }
  std::vector<rr> proof() const;
  std::uint32_t min_ttl() const { return min_ttl_; }
  std::uint64_t earliest_expiry() const { return expiry_; }
  validation_work work() const { return {signature_checks_, hasher_.computed(), zones_tried_}; }

 private:
  void use(const rr* r);
  result<const zone_keys*> zone_from_cache(const name& z);
  result<zone_keys> zone_from_pool(const name& z);
  void remember_in_cache(const name& z, const zone_keys& keys);

  const pool_index& idx_;
  std::span<const trust_anchor> anchors_;
  const bytes& anchors_digest_;
  const validation_options& options_;
  std::uint64_t now_;
  validated_key_cache* cache_;
  nsec3_hasher hasher_;
  std::size_t signature_checks_ = 0;
  std::size_t zones_tried_ = 0;
  std::map<name, zone_keys, canonical_less> zones_;
  std::map<name, error, canonical_less> zone_errors_;
  std::map<const rrset_entry*, const signature*> nsec3_verified_;
  std::vector<std::shared_ptr<const cached_zone>> pinned_;  // cache entries whose records we point into
  std::vector<const rr*> used_;
  std::set<const rr*> used_set_;
  std::uint32_t min_ttl_ = 0xFFFFFFFFu;
  std::uint64_t expiry_ = ~std::uint64_t{0};
};

std::uint32_t rrset_ttl(const rrset_entry& set, const signature& sig);

}  // namespace hrn::dns::detail
