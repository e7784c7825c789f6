#pragma once
// Authenticated denial of existence: the pure logic over NSEC (RFC 4035
// §5.4, RFC 6840 §4) and NSEC3 (RFC 5155 §8) records *whose signatures the
// caller has already verified* as belonging to `zone`. Each function says
// which records it relied on (`used`, indices into the input), so the caller
// can put exactly those into a proof.
//
// Errors: dnssec_bogus (no valid proof), dnssec_insecure (NSEC3 parameters we
// refuse: unknown hash algorithm, too many iterations — RFC 9276 §3.2).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hrn/dns/name.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

enum class denial_kind {
  nxdomain,  // no such name, and no wildcard that could match it
  nodata,    // the name (or the wildcard that would match it) exists, the type does not
  // qtype DS: the delegation is provably unsigned (NS without DS, or covered by an
  // NSEC3 opt-out span); other qtypes: NXDOMAIN under opt-out, so an unsigned
  // delegation cannot be excluded. Either way the answer is insecure.
  insecure,
};

struct denial_proof {
  denial_kind kind = denial_kind::nxdomain;
  std::vector<std::size_t> used;
};

struct nsec_input {
  name owner;
  nsec_rdata rdata;
};

struct nsec3_input {
  name owner;
  nsec3_rdata rdata;
};

struct nsec3_limits {
  std::uint16_t max_iterations = 2500;
  std::size_t max_hashes = 128;  // distinct (name, parameters) hashes per proof
};

result<denial_proof> prove_with_nsec(const name& qname, std::uint16_t qtype, const name& zone,
                                     std::span<const nsec_input> records);
result<denial_proof> prove_with_nsec3(const name& qname, std::uint16_t qtype, const name& zone,
                                      std::span<const nsec3_input> records, const nsec3_limits& limits);

// A wildcard-expanded answer at `qname` whose RRSIG has `rrsig_labels`
// labels: prove that qname itself does not exist and that no closer
// encloser exists (RFC 4035 §5.3.4, RFC 5155 §8.8). Returns the records used.
result<std::vector<std::size_t>> prove_wildcard_with_nsec(const name& qname, std::uint8_t rrsig_labels,
                                                          const name& zone,
                                                          std::span<const nsec_input> records);
result<std::vector<std::size_t>> prove_wildcard_with_nsec3(const name& qname, std::uint8_t rrsig_labels,
                                                           const name& zone,
                                                           std::span<const nsec3_input> records,
                                                           const nsec3_limits& limits);

}  // namespace hrn::dns
