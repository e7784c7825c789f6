#pragma once
// Resource records (RFC 1035 §3.2.1, §4.1.3). RDATA is kept as uncompressed
// wire octets: names that a message compressed (only in the RFC 1035 types
// that allow it, RFC 3597 §4) are expanded at parse time, so every rr can be
// re-serialised as-is into an RFC 9102 chain. Typed views live in rdata.hpp.

#include <cstdint>
#include <span>
#include <string>

#include "hrn/dns/name.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

namespace rr_type {
inline constexpr std::uint16_t a = 1;
inline constexpr std::uint16_t ns = 2;
inline constexpr std::uint16_t cname = 5;
inline constexpr std::uint16_t soa = 6;
inline constexpr std::uint16_t ptr = 12;
inline constexpr std::uint16_t mx = 15;
inline constexpr std::uint16_t txt = 16;
inline constexpr std::uint16_t aaaa = 28;
inline constexpr std::uint16_t srv = 33;
inline constexpr std::uint16_t dname = 39;
inline constexpr std::uint16_t opt = 41;
inline constexpr std::uint16_t ds = 43;
inline constexpr std::uint16_t rrsig = 46;
inline constexpr std::uint16_t nsec = 47;
inline constexpr std::uint16_t dnskey = 48;
inline constexpr std::uint16_t nsec3 = 50;
inline constexpr std::uint16_t nsec3param = 51;
inline constexpr std::uint16_t tlsa = 52;
}  // namespace rr_type

inline constexpr std::uint16_t class_in = 1;

// "TXT", "DNSKEY", … or "TYPE123" (RFC 3597 §5).
std::string type_to_text(std::uint16_t type);

struct rr {
  name owner;
  std::uint16_t type = 0;
  std::uint16_t cls = class_in;
  std::uint32_t ttl = 0;
  bytes rdata;

  friend bool operator==(const rr&, const rr&) = default;
};

// One RR with an uncompressed owner name and raw RDATA, as in an RFC 9102
// chain; `pos` is advanced past it. Error code: malformed.
result<rr> parse_rr_uncompressed(byte_view in, std::size_t& pos);
// One RR inside a DNS message at `pos` (names may be compressed).
result<rr> parse_rr_in_message(byte_view message, std::size_t& pos);
// Appends the uncompressed wire form (owner | type | class | TTL | rdlength | rdata).
void append_rr(bytes& out, const rr& record);

}  // namespace hrn::dns
