#include "hrn/dns/canonical.hpp"
#include "hrn/dns/errors.hpp"

#include <algorithm>
#include <cstring>

#include "reader.hpp"

namespace hrn::dns {
namespace {

using detail::reader;

// One piece of an RDATA layout: fixed octets, a domain name, or a <character-string>.
enum class part { fixed2, fixed6, fixed18, fixed20, name, cstring, rest };

bool copy_parts(byte_view in, std::initializer_list<part> layout, bytes& out) {
  reader r{in};
  for (part p : layout) {
    byte_view b;
    switch (p) {
      case part::fixed2: if (!r.take(2, b)) return false; break;
      case part::fixed6: if (!r.take(6, b)) return false; break;
      case part::fixed18: if (!r.take(18, b)) return false; break;
      case part::fixed20: if (!r.take(20, b)) return false; break;
      case part::cstring: {
        std::uint8_t len = 0;
        if (!r.u8(len) || !r.take(len, b)) return false;
        out.push_back(len);
        break;
      }
      case part::rest: b = in.subspan(r.pos); r.pos = in.size(); break;
      case part::name: {
        std::size_t used = 0;
        auto n = name::from_wire(in.subspan(r.pos), used);  // folds to lower case
        if (!n) return false;
        r.pos += used;
        b = n->wire();
        detail::put_bytes(out, b);
        continue;
      }
    }
    detail::put_bytes(out, b);
  }
  return r.at_end();
}

}  // namespace

result<bytes> canonical_rdata(std::uint16_t type, byte_view rdata) {
  using P = part;
  bytes out;
  out.reserve(rdata.size());
  bool ok = true;
  switch (type) {
    case rr_type::ns: case 3: case 4: case rr_type::cname: case 7: case 8: case 9:
    case rr_type::ptr: case rr_type::dname:
      ok = copy_parts(rdata, {P::name}, out);
      break;
    case rr_type::soa: ok = copy_parts(rdata, {P::name, P::name, P::fixed20}, out); break;
    case 14: case 17: ok = copy_parts(rdata, {P::name, P::name}, out); break;  // MINFO, RP
    case rr_type::mx: case 18: case 21: case 36:  // MX, AFSDB, RT, KX
      ok = copy_parts(rdata, {P::fixed2, P::name}, out);
      break;
    case 26: ok = copy_parts(rdata, {P::fixed2, P::name, P::name}, out); break;  // PX
    case rr_type::srv: ok = copy_parts(rdata, {P::fixed6, P::name}, out); break;
    case 35:  // NAPTR: order, preference, flags, services, regexp, replacement
      ok = copy_parts(rdata, {P::fixed2, P::fixed2, P::cstring, P::cstring, P::cstring, P::name}, out);
      break;
    case rr_type::rrsig: ok = copy_parts(rdata, {P::fixed18, P::name, P::rest}, out); break;
    default: return bytes(rdata.begin(), rdata.end());
  }
  if (!ok) return make_error(errc::malformed, type_to_text(type) + " RDATA does not parse");
  return out;
}

void canonical_sort_unique(std::vector<bytes>& rdatas) {
  // Lexicographic unsigned compare where a proper prefix sorts first:
  // exactly RFC 4034 §6.3. (Written out: GCC 12 warns spuriously on
  // std::vector's operator< inside std::sort.)
  std::sort(rdatas.begin(), rdatas.end(), [](const bytes& a, const bytes& b) {
    std::size_t n = std::min(a.size(), b.size());
    int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
    return c != 0 ? c < 0 : a.size() < b.size();
  });
  rdatas.erase(std::unique(rdatas.begin(), rdatas.end()), rdatas.end());
}

result<name> signed_owner_name(const name& owner, std::uint8_t rrsig_labels) {
  std::size_t labels = owner.label_count();
  if (owner.is_wildcard()) --labels;  // RFC 4034 §3.1.3: "*" is not counted
  if (rrsig_labels > labels)
    return make_error(errc::dnssec_bogus, "RRSIG labels field exceeds the owner's label count");
  if (rrsig_labels == labels) return owner;
  return owner.suffix(rrsig_labels).prepend("*");
}

bytes signature_input(const rrsig_rdata& sig, const name& signed_owner, std::uint16_t type,
                      std::uint16_t cls, const std::vector<bytes>& rdatas) {
  bytes out = rrsig_signed_prefix(sig);
  std::size_t need = out.size();
  for (const auto& rd : rdatas) need += signed_owner.wire_size() + 10 + rd.size();
  out.reserve(need);
  for (const auto& rd : rdatas) {
    detail::put_bytes(out, signed_owner.wire());
    detail::put_u16(out, type);
    detail::put_u16(out, cls);
    detail::put_u32(out, sig.original_ttl);  // RFC 4035 §5.3.2: the Original TTL
    detail::put_u16(out, static_cast<std::uint16_t>(rd.size()));
    detail::put_bytes(out, rd);
  }
  return out;
}

}  // namespace hrn::dns
