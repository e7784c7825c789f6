#pragma once
// DNSSEC canonical forms (RFC 4034 §6) and the data an RRSIG signs (§3.1.8.1).

#include <cstdint>
#include <vector>

#include "hrn/dns/name.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

// RFC 4034 §6.2 item 3, as amended by RFC 6840 §5.1 (NSEC removed from the
// list) and RFC 3597 §7 (types newer than RFC 3597 are never lower-cased):
// names embedded in the RDATA of NS, MD, MF, CNAME, SOA, MB, MG, MR, PTR,
// MINFO, MX, RP, AFSDB, RT, PX, NAPTR, KX, SRV, DNAME and RRSIG are
// lower-cased; every other RDATA is used as-is. Error code: malformed.
result<bytes> canonical_rdata(std::uint16_t type, byte_view rdata);

// RFC 4034 §6.3: sort canonical RDATAs as left-justified unsigned octet
// strings (a shorter prefix first) and drop duplicates (§6.3, RFC 2181 §5).
void canonical_sort_unique(std::vector<bytes>& rdatas);

// RFC 4035 §5.3.2: the owner name the signature was made over. With
// rrsig_labels < the owner's label count the RRset was expanded from a
// wildcard: "*." + the rightmost rrsig_labels labels. Error (dnssec_bogus)
// when rrsig_labels exceeds the owner's label count.
result<name> signed_owner_name(const name& owner, std::uint8_t rrsig_labels);

// RFC 4034 §3.1.8.1: RRSIG RDATA (signature omitted, signer canonical) |
// each RR in canonical order as owner | type | class | Original TTL |
// RDLENGTH | canonical RDATA.
bytes signature_input(const rrsig_rdata& sig, const name& signed_owner, std::uint16_t type,
                      std::uint16_t cls, const std::vector<bytes>& sorted_canonical_rdatas);

}  // namespace hrn::dns
