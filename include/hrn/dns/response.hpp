#pragma once
// DNS responses that the relay itself writes (to wallets asking over DoH):
// the records come from a validated RFC 9102 chain, never from a resolver
// directly. Pure: bytes in, bytes out.

#include <cstdint>
#include <span>
#include <vector>

#include "hrn/dns/message.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::dns {

namespace rcode {
inline constexpr std::uint16_t refused = 5;
inline constexpr std::uint16_t formerr = 1;
inline constexpr std::uint16_t notimp = 4;
inline constexpr std::uint16_t badvers = 16;  // RFC 6891 §9: an extended RCODE (needs the OPT RR)
}  // namespace rcode

// RFC 8467 §4.1: a responder pads to a multiple of 468 octets.
inline constexpr std::size_t response_padding_block = 468;

struct response_parts {
  // 12 bits (RFC 6891 §6.1.3): the low 4 go in the header, the rest in the
  // OPT RR, so an extended code needs a query that carried one.
  std::uint16_t rcode = rcode::noerror;
  bool authenticated = false;            // the AD bit
  std::vector<rr> answers;
  std::vector<rr> authority;
};

// The response to `query`: its ID and question copied, QR and RA set, RD and
// CD copied, the sections of `parts` (names uncompressed). When the query
// carried an OPT RR, so does the response (RFC 6891 §7: never otherwise),
// with DO echoed (RFC 3225 §3) and an RFC 7830 padding option bringing the
// message to a multiple of response_padding_block octets. Parsed names are
// lower-cased; given the query's own bytes, the question is copied from them
// octet for octet, so a client that varies the case of its question (and
// checks it) finds it unchanged.
bytes build_response(const message& query, const response_parts& parts, byte_view query_wire = {});

// The RRSIGs in `pool` that cover the RRset (owner, type).
std::vector<rr> signatures_for(std::span<const rr> pool, const name& owner, std::uint16_t type);
// The RRs of `pool` with this owner and type.
std::vector<rr> rrset_of(std::span<const rr> pool, const name& owner, std::uint16_t type);

}  // namespace hrn::dns
