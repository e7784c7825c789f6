#pragma once
// DNS messages (RFC 1035 §4.1) from outside bytes, and the queries we send.
// Error codes: malformed (bytes that are not a valid message), truncated
// (the TC bit is set and the sections do not fit: retry over TCP).

#include <cstdint>
#include <optional>
#include <vector>

#include "hrn/dns/name.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

inline constexpr std::size_t max_message_octets = 65535;
// More RRs than this in one message is refused (64 KiB holds ~5,900 minimal RRs).
inline constexpr std::size_t max_message_records = 2048;

namespace rcode {
inline constexpr std::uint16_t noerror = 0;
inline constexpr std::uint16_t servfail = 2;
inline constexpr std::uint16_t nxdomain = 3;
}  // namespace rcode

struct header {
  std::uint16_t id = 0;
  bool qr = false, aa = false, tc = false, rd = false, ra = false, ad = false, cd = false;
  std::uint8_t opcode = 0;
  std::uint8_t rcode = 0;  // low 4 bits; see message::full_rcode
};

struct question {
  name qname;
  std::uint16_t qtype = 0;
  std::uint16_t qclass = class_in;
};

struct message {
  header hdr;
  std::vector<question> questions;  // 0 or 1 (RFC 9619)
  std::vector<rr> answers;
  std::vector<rr> authority;
  std::vector<rr> additional;  // without the OPT pseudo-RR
  std::optional<edns> opt;

  // The 12-bit RCODE (RFC 6891 §6.1.3).
  std::uint16_t full_rcode() const {
    return static_cast<std::uint16_t>(hdr.rcode | (opt ? opt->extended_rcode << 4 : 0));
  }
};

result<message> parse_message(byte_view wire);

// RFC 8467 §4.1: queries are padded to a multiple of this many octets.
inline constexpr std::size_t query_padding_block = 128;
inline constexpr std::uint16_t edns_udp_size = 1232;  // DNS Flag Day 2020
inline constexpr std::uint16_t edns_option_padding = 12;  // RFC 7830 §4

// A query for (qname, qtype, IN) with RD=1, CD=1 (we validate ourselves,
// RFC 4035 §3.2.2), one OPT RR (UDP size 1232, DO=1) carrying an RFC 7830
// padding option so the message length is a multiple of 128 octets. `id` is
// drawn at random by the caller.
bytes build_query(const name& qname, std::uint16_t qtype, std::uint16_t id);

}  // namespace hrn::dns
