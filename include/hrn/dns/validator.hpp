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
//   alias_loop       CNAME/DNAME chain longer than the limit or looping
//   malformed        RDATA that does not decode
// Messages name the zone or RRset that failed and why.

#include <cstdint>
#include <span>
#include <vector>

#include "hrn/dns/name.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/dns/trust_anchor.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

struct validation_options {
  // RFC 5155 §10.3 caps useful iterations at 2,500; RFC 9276 §3.2 lets a
  // validator refuse (treat as insecure) above a lower limit.
  std::uint16_t max_nsec3_iterations = 2500;
  std::size_t max_alias_hops = 8;  // CNAME + DNAME substitutions followed
  // Work limits against crafted pools (cf. CVE-2023-50387 "KeyTrap").
  std::size_t max_signature_checks = 64;
  std::size_t max_nsec3_hashes = 128;
  std::size_t max_pool_records = 1024;
};

enum class answer_status { answer, nxdomain, nodata };

struct validated_answer {
  answer_status status = answer_status::answer;
  name qname;                // as asked
  name final_name;           // after CNAME/DNAME; == qname without aliases
  std::uint16_t qtype = 0;
  std::vector<rr> records;   // the answer RRset at final_name (canonical order); empty if not found
  std::vector<rr> aliases;   // the CNAME/DNAME RRs followed, in order
  bool wildcard = false;     // the answer was synthesised from a wildcard
  // Min over every RRset used of its RR TTLs, its RRSIG TTL and the RRSIG Original TTL.
  std::uint32_t min_ttl = 0;
  // The earliest RRSIG Expiration (unix seconds) over every signature used.
  std::uint64_t earliest_expiry = 0;
  // Every RR the validation used (RRsets, their RRSIGs, DS, DNSKEY, NSEC/NSEC3),
  // each once: serialise_auth_chain(proof) is an RFC 9102 proof of this answer.
  std::vector<rr> proof;

  bool not_found() const { return status != answer_status::answer; }
};

class chain_validator {
 public:
  explicit chain_validator(std::vector<trust_anchor> anchors, validation_options options = {});

  // Validates (qname, qtype, IN) at unix time `now` using only `pool`.
  result<validated_answer> validate(std::span<const rr> pool, const name& qname, std::uint16_t qtype,
                                    std::uint64_t now) const;

  const std::vector<trust_anchor>& anchors() const { return anchors_; }
  const validation_options& options() const { return options_; }

 private:
  std::vector<trust_anchor> anchors_;
  validation_options options_;
};

}  // namespace hrn::dns
