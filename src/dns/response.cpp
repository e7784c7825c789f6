#include "hrn/dns/response.hpp"

#include <optional>

#include "reader.hpp"

namespace hrn::dns {

namespace {

// The question section exactly as the query sent it, when it is the one
// uncompressed question that `query` parsed to (names compare without case).
std::optional<byte_view> question_as_sent(const message& query, byte_view wire) {
  if (query.questions.size() != 1 || wire.size() < 12) return std::nullopt;
  const auto& q = query.questions.front();
  const std::size_t end = 12 + q.qname.wire_size() + 4;
  if (wire.size() < end) return std::nullopt;
  const auto parsed = q.qname.wire();
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    auto c = wire[12 + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<std::uint8_t>(c + 32);
    if (c != parsed[i]) return std::nullopt;  // compressed, or not this name
  }
  return wire.subspan(12, end - 12);
}

}  // namespace

bytes build_response(const message& query, const response_parts& parts, byte_view query_wire) {
  bytes out;
  out.reserve(512);
  const auto& h = query.hdr;
  detail::put_u16(out, h.id);
  std::uint16_t flags = 0x8000 | 0x0080;  // QR, RA
  flags |= static_cast<std::uint16_t>((h.opcode & 0x0f) << 11);
  if (h.rd) flags |= 0x0100;
  if (parts.authenticated) flags |= 0x0020;
  if (h.cd) flags |= 0x0010;
  flags |= parts.rcode & 0x0f;
  detail::put_u16(out, flags);
  detail::put_u16(out, static_cast<std::uint16_t>(query.questions.size()));
  detail::put_u16(out, static_cast<std::uint16_t>(parts.answers.size()));
  detail::put_u16(out, static_cast<std::uint16_t>(parts.authority.size()));
  detail::put_u16(out, query.opt ? 1 : 0);
  if (auto as_sent = question_as_sent(query, query_wire)) {
    detail::put_bytes(out, *as_sent);
  } else {
    for (const auto& q : query.questions) {
      detail::put_bytes(out, q.qname.wire());
      detail::put_u16(out, q.qtype);
      detail::put_u16(out, q.qclass);
    }
  }
  for (const auto& r : parts.answers) append_rr(out, r);
  for (const auto& r : parts.authority) append_rr(out, r);
  if (query.opt) {
    detail::put_u8(out, 0);  // root owner
    detail::put_u16(out, rr_type::opt);
    detail::put_u16(out, edns_udp_size);
    const std::uint32_t extended_rcode = (parts.rcode >> 4) & 0xffu;
    detail::put_u32(out, extended_rcode << 24 | (query.opt->dnssec_ok ? 0x00008000u : 0u));
    const std::size_t unpadded = out.size() + 2 + 4;  // + RDLENGTH + option code and length
    std::size_t pad = (response_padding_block - unpadded % response_padding_block) % response_padding_block;
    // Never past a DNS message's largest size (RFC 1035 §4.2.2's 16-bit length).
    if (unpadded + pad > max_message_octets) pad = 0;
    detail::put_u16(out, static_cast<std::uint16_t>(4 + pad));
    detail::put_u16(out, edns_option_padding);
    detail::put_u16(out, static_cast<std::uint16_t>(pad));
    out.insert(out.end(), pad, 0);  // RFC 7830 §4: padding octets SHOULD be 0x00
  }
  return out;
}

std::vector<rr> signatures_for(std::span<const rr> pool, const name& owner, std::uint16_t type) {
  std::vector<rr> out;
  for (const auto& r : pool)
    if (r.type == rr_type::rrsig && r.owner == owner && r.rdata.size() >= 2 &&
        static_cast<std::uint16_t>(r.rdata[0] << 8 | r.rdata[1]) == type)
      out.push_back(r);
  return out;
}

std::vector<rr> rrset_of(std::span<const rr> pool, const name& owner, std::uint16_t type) {
  std::vector<rr> out;
  for (const auto& r : pool)
    if (r.type == type && r.owner == owner) out.push_back(r);
  return out;
}

}  // namespace hrn::dns
