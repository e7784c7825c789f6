#pragma once
// Authenticated denial of existence: the pure logic over NSEC (RFC 4035
// §5.4, RFC 6840 §4) and NSEC3 (RFC 5155 §8) records *whose signatures the
// caller has already verified* as belonging to `zone`. Each function says
// which records it relied on (`used`, indices into the input), so the caller
// can put exactly those into a proof.
//
// Errors: dnssec_bogus (no valid proof, or the hash budget spent),
// dnssec_insecure (NSEC3 parameters we refuse: unknown hash algorithm, too
// many iterations — RFC 9276 §3.2).

#include <cstdint>
#include <map>
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

// The NSEC3 hashes of one validation: memoised by (name, parameters) and
// counted against one budget shared by every proof attempt of that
// validation (the insecure-delegation walk included), so a crafted chain
// cannot multiply the work by asking for many proofs (CVE-2023-50868).
class nsec3_hasher {
 public:
  // RFC 9276 §3.2: iterations above `max_iterations` make the records
  // unusable (insecure); `max_hashes` computations at most per validation.
  nsec3_hasher(std::uint16_t max_iterations, std::size_t max_hashes)
      : max_iterations_(max_iterations), max_hashes_(max_hashes) {}

  std::uint16_t max_iterations() const { return max_iterations_; }
  std::size_t computed() const { return computed_; }
  // H(n) with the record's parameters; dnssec_bogus once the budget is spent.
  result<bytes> hash(const name& n, const nsec3_rdata& rd);

 private:
  std::uint16_t max_iterations_;
  std::size_t max_hashes_;
  std::size_t computed_ = 0;
  std::map<std::string, bytes> memo_;
};

// RFC 4035 §5.4 / RFC 6840 §4: name error, NODATA, wildcard NODATA and the
// DS cases from NSEC records of `zone`.
result<denial_proof> prove_with_nsec(const name& qname, std::uint16_t qtype, const name& zone,
                                     std::span<const nsec_input> records);
// RFC 5155 §8.4-§8.7 from NSEC3 records of `zone`. Opt-out spans make a name
// error or a wildcard NODATA insecure (an unsigned delegation may sit there).
result<denial_proof> prove_with_nsec3(const name& qname, std::uint16_t qtype, const name& zone,
                                      std::span<const nsec3_input> records, nsec3_hasher& hasher);

// A wildcard-expanded answer at `qname` whose RRSIG has `rrsig_labels`
// labels: prove that qname itself does not exist and that no closer
// encloser exists (RFC 4035 §5.3.4, RFC 5155 §8.8). kind is nxdomain when
// that is proven, insecure when only an opt-out span covers the next closer
// name (an unsigned delegation may sit there, so the wildcard may not apply).
result<denial_proof> prove_wildcard_with_nsec(const name& qname, std::uint8_t rrsig_labels, const name& zone,
                                              std::span<const nsec_input> records);
result<denial_proof> prove_wildcard_with_nsec3(const name& qname, std::uint8_t rrsig_labels, const name& zone,
                                               std::span<const nsec3_input> records, nsec3_hasher& hasher);

}  // namespace hrn::dns
