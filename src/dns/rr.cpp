#include "hrn/dns/rr.hpp"
#include "hrn/dns/errors.hpp"

#include "reader.hpp"

namespace hrn::dns {
namespace {

using detail::reader;

error malformed(std::string why) { return make_error(errc::malformed, "resource record: " + std::move(why)); }

// RFC 2181 §8: a TTL with the top bit set is treated as zero.
// (Not for OPT, whose TTL field carries EDNS flags, RFC 6891 §6.1.3.)
std::uint32_t clamp_ttl(std::uint16_t type, std::uint32_t ttl) {
  return type != rr_type::opt && ttl > 0x7FFFFFFFu ? 0 : ttl;
}

struct fixed_fields {
  std::uint16_t type, cls, rdlength;
  std::uint32_t ttl;
};

bool read_fixed(reader& r, fixed_fields& f) {
  return r.u16(f.type) && r.u16(f.cls) && r.u32(f.ttl) && r.u16(f.rdlength);
}

// Expands a possibly compressed name that sits inside RDATA [start, end).
bool copy_name(byte_view msg, std::size_t& p, std::size_t end, bytes& out) {
  auto n = name::from_message(msg, p);
  if (!n || p > end) return false;
  detail::put_bytes(out, n->wire());
  return true;
}

// RFC 3597 §4: only the RFC 1035 types may carry compressed names in RDATA.
result<bytes> decompress_rdata(byte_view msg, std::uint16_t type, std::size_t start, std::size_t len) {
  std::size_t end = start + len;
  bytes out;
  std::size_t p = start;
  bool ok = true;
  switch (type) {
    case rr_type::ns:
    case rr_type::cname:
    case rr_type::ptr:
      ok = copy_name(msg, p, end, out);
      break;
    case rr_type::mx:
      if (len < 2) return malformed("MX RDATA too short");
      out.push_back(msg[p]);
      out.push_back(msg[p + 1]);
      p += 2;
      ok = copy_name(msg, p, end, out);
      break;
    case rr_type::soa:
      ok = copy_name(msg, p, end, out) && copy_name(msg, p, end, out) && end - p == 20;
      if (ok) detail::put_bytes(out, msg.subspan(p, 20));
      p = end;
      break;
    default:
      return bytes(msg.begin() + static_cast<std::ptrdiff_t>(start),
                   msg.begin() + static_cast<std::ptrdiff_t>(end));
  }
  if (!ok || p != end) return malformed(type_to_text(type) + " RDATA does not match its length");
  return out;
}

}  // namespace

std::string type_to_text(std::uint16_t type) {
  switch (type) {
    case rr_type::a: return "A";
    case rr_type::ns: return "NS";
    case rr_type::cname: return "CNAME";
    case rr_type::soa: return "SOA";
    case rr_type::ptr: return "PTR";
    case rr_type::mx: return "MX";
    case rr_type::txt: return "TXT";
    case rr_type::aaaa: return "AAAA";
    case rr_type::srv: return "SRV";
    case rr_type::dname: return "DNAME";
    case rr_type::opt: return "OPT";
    case rr_type::ds: return "DS";
    case rr_type::rrsig: return "RRSIG";
    case rr_type::nsec: return "NSEC";
    case rr_type::dnskey: return "DNSKEY";
    case rr_type::nsec3: return "NSEC3";
    case rr_type::nsec3param: return "NSEC3PARAM";
    case rr_type::tlsa: return "TLSA";
    default: return "TYPE" + std::to_string(type);
  }
}

result<rr> parse_rr_uncompressed(byte_view in, std::size_t& pos) {
  if (pos > in.size()) return malformed("offset past the end");
  std::size_t used = 0;
  auto owner = name::from_wire(in.subspan(pos), used);
  if (!owner) return owner.err();
  reader r{in, pos + used};
  fixed_fields f{};
  if (!read_fixed(r, f)) return malformed("truncated type/class/TTL/length");
  byte_view rd;
  if (!r.take(f.rdlength, rd)) return malformed("RDATA runs past the end");
  pos = r.pos;
  return rr{std::move(*owner), f.type, f.cls, clamp_ttl(f.type, f.ttl), bytes(rd.begin(), rd.end())};
}

result<rr> parse_rr_in_message(byte_view message, std::size_t& pos) {
  std::size_t p = pos;
  auto owner = name::from_message(message, p);
  if (!owner) return owner.err();
  reader r{message, p};
  fixed_fields f{};
  if (!read_fixed(r, f)) return malformed("truncated type/class/TTL/length");
  if (r.remaining() < f.rdlength) return malformed("RDATA runs past the end of the message");
  auto rd = decompress_rdata(message, f.type, r.pos, f.rdlength);
  if (!rd) return rd.err();
  pos = r.pos + f.rdlength;
  return rr{std::move(*owner), f.type, f.cls, clamp_ttl(f.type, f.ttl), std::move(*rd)};
}

void append_rr(bytes& out, const rr& record) {
  assert(record.rdata.size() <= 0xFFFF);
  detail::put_bytes(out, record.owner.wire());
  detail::put_u16(out, record.type);
  detail::put_u16(out, record.cls);
  detail::put_u32(out, record.ttl);
  detail::put_u16(out, static_cast<std::uint16_t>(record.rdata.size()));
  detail::put_bytes(out, record.rdata);
}

}  // namespace hrn::dns
