#pragma once
// DNSSEC validation of an answer from a pool of RRs (an RFC 9102 chain, or the
// records of several responses), down from trust anchors. Pure: the time is a
// parameter, nothing is fetched.
//
// Outcome: a validated RRset, or a validated proof that the name or type does
// not exist (status nxdomain / nodata = the API's `not_found`). Errors
// (stable codes):
//   dnssec_bogus     a signature, digest, time window or proof does not check
//                    out, or records the proof needs are missing
//   dnssec_insecure  the name is provably in an unsigned zone (an unsigned
//                    delegation, opt-out, or only algorithms we do not
//                    support) — an error for BIP 353, which requires DNSSEC
//   dnssec_indeterminate  no trust anchor is at or above the name
//   alias_loop       CNAME/DNAME chain longer than the limit or looping
//   malformed        RDATA that does not decode
// Messages name the zone or RRset that failed and why.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "hrn/dns/errors.hpp"
#include "hrn/dns/key_cache.hpp"
#include "hrn/dns/name.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/dns/trust_anchor.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

// One work budget per validation, shared by every proof attempt (the answer,
// each alias, each denial and the insecure-delegation walk), so that no
// crafted pool can multiply the work (cf. CVE-2023-50387 "KeyTrap" and
// CVE-2023-50868 on NSEC3 closest-encloser proofs). Spent budget = bogus.
struct validation_options {
  // RFC 9276 §3.2 lets a validator treat NSEC3 with more iterations than it
  // accepts as insecure; 150 is what Unbound, Knot Resolver and PowerDNS
  // ship (BIND 9.20 went down to 50). Zones following RFC 9276 §3.1 use 0.
  std::uint16_t max_nsec3_iterations = 150;
  std::size_t max_alias_hops = 8;  // CNAME + DNAME substitutions followed
  // Signature verifications tried, successful or not. An ordinary lookup
  // needs 6 cold (1 with the key cache warm); 8 aliases into 8 fresh zones
  // under a shared TLD about 30. 32 P-384 verifications, the slowest we
  // accept, cost about 25 ms of CPU here (BIND 9.18 bounds the same work
  // per fetch with max-validations-per-fetch 16).
  std::size_t max_signature_checks = 32;
  // NSEC3 hash computations (each at most max_nsec3_iterations + 1 SHA-1
  // rounds). An NXDOMAIN for a 10-label name needs about 12. Unbound allows
  // 8 before it suspends a validation and resumes it later.
  std::size_t max_nsec3_hashes = 32;
  // Distinct zones whose keys are looked for (trust anchor to each signer).
  std::size_t max_zones = 24;
  std::size_t max_pool_records = 1024;
};

// What a validation spent of its budget (filled on success and on failure).
struct validation_work {
  std::size_t signature_checks = 0;
  std::size_t nsec3_hashes = 0;
  std::size_t zones = 0;
};

enum class answer_status { answer, nxdomain, nodata };

struct validated_answer {
  // Always secure: every other outcome is an error whose code names it
  // (security_of() in errors.hpp).
  security_status security = security_status::secure;
  answer_status status = answer_status::answer;
  name qname;                // as asked
  name final_name;           // after CNAME/DNAME; == qname without aliases
  std::uint16_t qtype = 0;
  std::vector<rr> records;   // the answer RRset at final_name (canonical order); empty if not found
  std::vector<rr> aliases;   // the CNAME/DNAME RRs followed, in order
  bool wildcard = false;     // the answer was synthesised from a wildcard
  // Min over every RRset used of its RR TTLs, its RRSIG TTL and the RRSIG
  // Original TTL, capped by the time left until earliest_expiry (RFC 4035
  // §5.3.3: the TTL must not outlive the signature). Cached keys count with
  // the TTL they have left.
  std::uint32_t min_ttl = 0;
  // The earliest RRSIG Expiration (unix seconds) over every signature used.
  std::uint64_t earliest_expiry = 0;
  // Every RR the validation used (RRsets, their RRSIGs, DS, DNSKEY, NSEC/NSEC3),
  // each once: serialise_auth_chain(proof) is an RFC 9102 proof of this answer.
  std::vector<rr> proof;

  bool not_found() const { return status != answer_status::answer; }
};

struct validation_context {
  validated_key_cache* key_cache = nullptr;  // consulted and filled when set
  validation_work work;                       // what this validation spent
};

class chain_validator {
 public:
  explicit chain_validator(std::vector<trust_anchor> anchors, validation_options options = {});

  // Validates (qname, qtype, IN) at unix time `now` using only `pool`.
  result<validated_answer> validate(std::span<const rr> pool, const name& qname, std::uint16_t qtype,
                                    std::uint64_t now) const;
  // The same, with a validated-key cache and a report of the work spent.
  result<validated_answer> validate(std::span<const rr> pool, const name& qname, std::uint16_t qtype,
                                    std::uint64_t now, validation_context& context) const;

  const std::vector<trust_anchor>& anchors() const { return anchors_; }
  const validation_options& options() const { return options_; }

 private:
  std::vector<trust_anchor> anchors_;
  bytes anchors_digest_;  // part of every key-cache key: keys are valid only under these anchors
  std::shared_ptr<public_key_memo> parsed_keys_;  // shared by copies of this validator
  validation_options options_;
};

}  // namespace hrn::dns
