#pragma once
// The state of one chain_validator::validate() call (private to dns/): the
// zone keys established so far, the records used, and the one work budget
// (signature checks, NSEC3 hashes, zones) every proof attempt draws from.

#include <deque>
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
    const public_key* get(public_key_memo& parsed) const;
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
                 const validation_options& options, std::uint64_t now, validated_key_cache* cache,
                 public_key_memo& parsed_keys)
      : idx_(idx),
        anchors_(anchors),
        anchors_digest_(anchors_digest),
        options_(options),
        now_(now),
        cache_(cache),
        parsed_keys_(parsed_keys),
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
  // The pool's NSEC3 RRsets of one zone that may be used in a proof. No
  // hash is ever computed with parameters (algorithm, iterations, salt) that
  // no verified record of the zone carries: per parameter set, records are
  // verified until one checks out (CVE-2023-50868: unsigned records with
  // fresh salts would otherwise buy hashing for free). The records a proof
  // then relies on are verified before it counts (nsec3_proof).
  struct nsec3_zone {
    name zone;
    std::vector<nsec3_input> records;      // candidates: their parameters are authentic
    std::vector<const rrset_entry*> sets;  // parallel to records
    std::optional<error> failure;          // why records were left out
  };
  // The pool's NSEC records paired with the zone whose signer could vouch
  // for them, once per run (nothing verified yet: NSEC needs no hashing, so
  // only the records a proof relies on are verified, after it is built).
  struct nsec_zone {
    name zone;
    std::vector<nsec_input> records;
    std::vector<const rrset_entry*> sets;  // one record each, with that zone's RRSIGs
  };
  const std::vector<nsec_zone>& nsec_zones();
  // Zones that have NSEC3 RRsets in the pool (no signature checked yet).
  const std::vector<name>& nsec3_zone_names();
  // The NSEC3 candidates of zone `z`, established once per run.
  nsec3_zone& nsec3_records_of(const name& z);
  // Runs `prove` over the zone's candidates and verifies the records the
  // proof used; one that does not verify is dropped and the proof tried
  // again (each round costs a signature check, so the budget bounds it).
  template <class Prove>
  result<denial_proof> nsec3_proof(nsec3_zone& zr, Prove prove);
  // The verified RRSIG of a pool NSEC3 RRset, memoised; nullptr when none.
  const signature* nsec3_signature(const rrset_entry& set, const zone_keys& keys);

  // validator.cpp
  result<bool> verify_answer(const rrset_entry& set);  // true when wildcard-expanded

  const pool_index& index() const { return idx_; }
  const validation_options& options() const { return options_; }
  std::vector<rr> proof() const;
  std::uint32_t min_ttl() const { return min_ttl_; }
  std::uint64_t earliest_expiry() const { return expiry_; }
  // Any part of the work budget used up: further proof attempts would fail.
  bool budget_spent() const {
    return signature_checks_ >= options_.max_signature_checks || hasher_.computed() >= options_.max_nsec3_hashes ||
           zones_tried_ >= options_.max_zones;
  }
  validation_work work() const { return {signature_checks_, hasher_.computed(), zones_tried_}; }

 private:
  void use(const rr* r);
  zone_keys from_cache(const name& z, std::shared_ptr<const cached_zone> entry);
  result<zone_keys> zone_from_pool(const name& z);
  void remember_in_cache(const bytes& dnskey_digest, const zone_keys& keys);

  const pool_index& idx_;
  std::span<const trust_anchor> anchors_;
  const bytes& anchors_digest_;
  const validation_options& options_;
  std::uint64_t now_;
  validated_key_cache* cache_;
  public_key_memo& parsed_keys_;
  nsec3_hasher hasher_;
  std::size_t signature_checks_ = 0;
  std::size_t zones_tried_ = 0;
  std::map<name, zone_keys, canonical_less> zones_;
  std::map<name, error, canonical_less> zone_errors_;
  std::optional<std::vector<nsec_zone>> nsec_zones_;
  std::deque<rrset_entry> nsec_singles_;  // stable addresses for nsec_zone::sets
  std::optional<std::vector<name>> nsec3_zone_names_;
  std::map<name, nsec3_zone, canonical_less> nsec3_zones_;
  std::map<const rrset_entry*, const signature*> nsec3_checked_;
  std::vector<std::shared_ptr<const cached_zone>> pinned_;  // cache entries whose records we point into
  std::vector<const rr*> used_;
  std::set<const rr*> used_set_;
  std::uint32_t min_ttl_ = 0xFFFFFFFFu;
  std::uint64_t expiry_ = ~std::uint64_t{0};
};

std::uint32_t rrset_ttl(const rrset_entry& set, const signature& sig);

}  // namespace hrn::dns::detail
