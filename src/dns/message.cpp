#include "hrn/dns/message.hpp"
#include "hrn/dns/errors.hpp"

#include "reader.hpp"

namespace hrn::dns {
namespace {

using detail::reader;

error malformed(std::string why) { return make_error(errc::malformed, "DNS message: " + std::move(why)); }

}  // namespace

result<message> parse_message(byte_view wire) {
  if (wire.size() > max_message_octets) return malformed("longer than 65535 octets");
  reader r{wire};
  message m;
  std::uint16_t flags = 0, qd = 0, an = 0, ns = 0, ar = 0;
  if (!r.u16(m.hdr.id) || !r.u16(flags) || !r.u16(qd) || !r.u16(an) || !r.u16(ns) || !r.u16(ar))
    return malformed("shorter than its 12-octet header");
  m.hdr.qr = flags & 0x8000;
  m.hdr.opcode = static_cast<std::uint8_t>((flags >> 11) & 0xF);
  m.hdr.aa = flags & 0x0400;
  m.hdr.tc = flags & 0x0200;
  m.hdr.rd = flags & 0x0100;
  m.hdr.ra = flags & 0x0080;
  m.hdr.ad = flags & 0x0020;
  m.hdr.cd = flags & 0x0010;
  m.hdr.rcode = static_cast<std::uint8_t>(flags & 0xF);

  // A short section with TC set is a truncated UDP answer, not garbage.
  auto short_error = [&](std::string why) {
    if (m.hdr.tc) return make_error(errc::truncated, "DNS message truncated (TC=1): " + why);
    return malformed(std::move(why));
  };

  if (qd > 1) return malformed("more than one question (RFC 9619)");
  if (std::size_t{an} + ns + ar > max_message_records) return malformed("too many records");
  // Each RR needs at least 11 octets: a cheap check before any parsing.
  if ((std::size_t{an} + ns + ar) * 11 + qd * 5u > r.remaining())
    return short_error("record counts exceed the message length");

  for (std::uint16_t i = 0; i < qd; ++i) {
    std::size_t p = r.pos;
    auto qn = name::from_message(wire, p);
    if (!qn) return short_error(qn.err().message);
    r.pos = p;
    question q{std::move(*qn)};
    if (!r.u16(q.qtype) || !r.u16(q.qclass)) return short_error("truncated question");
    m.questions.push_back(std::move(q));
  }
  auto section = [&](std::uint16_t count, std::vector<rr>& out, bool additional) -> status {
    for (std::uint16_t i = 0; i < count; ++i) {
      std::size_t p = r.pos;
      auto rec = parse_rr_in_message(wire, p);
      if (!rec) return short_error(rec.err().message);
      r.pos = p;
      if (rec->type == rr_type::opt) {
        // RFC 6891 §6.1.1: at most one OPT, and only in the additional section.
        if (!additional) return malformed("OPT record outside the additional section");
        if (m.opt) return malformed("more than one OPT record");
        auto e = decode_opt(*rec);
        if (!e) return e.err();
        m.opt = std::move(*e);
        continue;
      }
      out.push_back(std::move(*rec));
    }
    return ok_status();
  };
  if (auto s = section(an, m.answers, false); !s) return s.err();
  if (auto s = section(ns, m.authority, false); !s) return s.err();
  if (auto s = section(ar, m.additional, true); !s) return s.err();
  if (!r.at_end()) return malformed("trailing octets after the last record");
  return m;
}

bytes build_query(const name& qname, std::uint16_t qtype, std::uint16_t id) {
  bytes out;
  out.reserve(256);
  detail::put_u16(out, id);
  detail::put_u16(out, 0x0110);  // RD=1, CD=1, opcode QUERY
  detail::put_u16(out, 1);       // QDCOUNT
  detail::put_u16(out, 0);
  detail::put_u16(out, 0);
  detail::put_u16(out, 1);  // ARCOUNT: the OPT RR
  detail::put_bytes(out, qname.wire());
  detail::put_u16(out, qtype);
  detail::put_u16(out, class_in);
  // OPT RR (RFC 6891 §6.1.2): root owner, CLASS = UDP size, TTL = ext-RCODE 0,
  // version 0, DO=1 (RFC 3225), then RDLENGTH and the padding option.
  detail::put_u8(out, 0);
  detail::put_u16(out, rr_type::opt);
  detail::put_u16(out, edns_udp_size);
  detail::put_u32(out, 0x00008000u);
  std::size_t unpadded = out.size() + 2 + 4;  // + RDLENGTH + option code/length
  std::size_t pad = (query_padding_block - unpadded % query_padding_block) % query_padding_block;
  detail::put_u16(out, static_cast<std::uint16_t>(4 + pad));
  detail::put_u16(out, edns_option_padding);
  detail::put_u16(out, static_cast<std::uint16_t>(pad));
  out.insert(out.end(), pad, 0);  // RFC 7830 §4: padding octets SHOULD be 0x00
  return out;
}

}  // namespace hrn::dns
