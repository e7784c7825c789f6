#pragma once
// RFC 9102 §3 AuthenticationChain: a sequence of uncompressed wire-format RRs
// (RRsets with their RRSIGs, DS and DNSKEY sets up to the root), in any order.
// The 2-octet ExtSupportLifetime of the TLS extension is not part of it.

#include <cstdint>
#include <span>
#include <vector>

#include "hrn/dns/rr.hpp"
#include "hrn/dns/validator.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

inline constexpr std::size_t max_auth_chain_octets = 65535;
inline constexpr std::size_t max_auth_chain_records = 1024;

// Error code: malformed (compressed names, truncation, over the limits above).
result<std::vector<rr>> parse_auth_chain(byte_view chain);
bytes serialize_auth_chain(std::span<const rr> records);

// What a wallet runs offline: parse the chain, validate (qname, qtype) from
// the anchors at unix time `now`.
result<validated_answer> verify_chain(const name& qname, std::uint16_t qtype, byte_view chain,
                                      std::span<const trust_anchor> anchors, std::uint64_t now,
                                      const validation_options& options = {});

}  // namespace hrn::dns
