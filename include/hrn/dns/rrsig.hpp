#pragma once
// Checking one RRSIG over one RRset with one key (RFC 4035 §5.3).

#include <cstdint>
#include <span>
#include <vector>

#include "hrn/dns/dnssec_crypto.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

// RFC 4034 §3.1.5: Inception and Expiration are serial numbers (RFC 1982)
// in a 32-bit ring; this is the unix time nearest `now` with these low bits.
std::uint64_t rrsig_time(std::uint32_t field, std::uint64_t now);

// An RRset in canonical form, ready to be checked against RRSIGs.
struct canonical_rrset {
  name owner;
  std::uint16_t type = 0;
  std::uint16_t cls = class_in;
  std::vector<bytes> rdatas;  // canonical, sorted, no duplicates
};
// All RRs must share owner, type and class (else malformed).
result<canonical_rrset> make_canonical_rrset(std::span<const rr* const> rrs);
result<canonical_rrset> make_canonical_rrset(std::span<const rr> rrs);

// The RFC 4035 §5.3.1 checks that need no key: type covered, labels, and
// the validity window (inception <= now <= expiration). Error: dnssec_bogus.
status check_rrsig_fields(const canonical_rrset& set, const rrsig_rdata& sig, std::uint64_t now);

// RFC 4035 §5.3.1 and §5.3.3 for one RRSIG and one key: type covered,
// labels, validity window (inception <= now <= expiration), algorithm equal
// to the key's, then the signature over the §5.3.2 data. The caller matches
// signer name, key tag and zone-key flag. Error code: dnssec_bogus, with the
// reason (expired, not yet valid, bad signature, …).
status verify_rrsig(const canonical_rrset& set, const rrsig_rdata& sig, const public_key& key,
                    std::uint64_t now);

}  // namespace hrn::dns
