#pragma once
// The state of one chain_validator::validate() call (private to dns/).
// Zone keys are validated once per run; a zone_keys value carries everything
// needed to reuse it (keys, the RRs that proved them, TTL and expiry), which
// is what a cross-run cache keyed by (zone, key tag) would keep.

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "hrn/dns/denial.hpp"
#include "hrn/dns/dnssec_crypto.hpp"
#include "hrn/dns/validator.hpp"
#include "pool_index.hpp"

namespace hrn::dns::detail {

struct zone_keys {
  struct key {
    std::uint16_t tag;
    std::uint8_t algorithm;
    byte_view public_key_bytes;  // into the pool's DNSKEY RDATA
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
  validation_run(const pool_index& idx, std::span<const trust_anchor> anchors,
                 const validation_options& options, std::uint64_t now)
      : idx_(idx), anchors_(anchors), options_(options), now_(now) {}

  // zone_trust.cpp
  result<const zone_keys*> zone(const name& z);
  result<const signature*> verify_with(const rrset_entry& set, const zone_keys& keys);
  // Signed by any plausible zone: the owner's zone or an ancestor (the parent for DS).
  result<verified> verify_any(const rrset_entry& set);
  void accept(const rrset_entry& set, const signature& sig, const zone_keys& keys);

  // denial_glue.cpp
  result<denial_proof> deny(const name& qname, std::uint16_t qtype);
  status prove_wildcard(const name& owner, std::uint8_t rrsig_labels, const name& zone);
  // A validated proof that `n` lies below an unsigned delegation.
  bool proven_insecure(const name& n, std::string& where);

  // validator.cpp
  result<bool> verify_answer(const rrset_entry& set);  // true when wildcard-expanded

  const pool_index& index() const { return idx_; }
  const validation_options& options() const { return options_; }
  std::vector<rr> proof() const;
  std::uint32_t min_ttl() const { return min_ttl_; }
  std::uint64_t earliest_expiry() const { return expiry_; }

 private:
  void use(const rr* r);

  const pool_index& idx_;
  std::span<const trust_anchor> anchors_;
  const validation_options& options_;
  std::uint64_t now_;
  std::size_t signature_checks_ = 0;
  std::map<name, zone_keys, canonical_less> zones_;
  std::map<name, error, canonical_less> zone_errors_;
  std::vector<const rr*> used_;
  std::set<const rr*> used_set_;
  std::uint32_t min_ttl_ = 0xFFFFFFFFu;
  std::uint64_t expiry_ = ~std::uint64_t{0};
};

std::uint32_t rrset_ttl(const rrset_entry& set, const signature& sig);

}  // namespace hrn::dns::detail
