#include "hrn/dns/rdata.hpp"
#include "hrn/dns/errors.hpp"

#include <algorithm>
#include <array>

#include "reader.hpp"

namespace hrn::dns {
namespace {

using detail::reader;

error malformed(const char* what, const char* why) {
  return make_error(errc::malformed, std::string(what) + " RDATA: " + why);
}

}  // namespace

result<std::vector<std::string>> decode_txt(byte_view rdata) {
  if (rdata.empty()) return malformed("TXT", "empty");
  std::vector<std::string> out;
  reader r{rdata};
  while (!r.at_end()) {
    std::uint8_t len = 0;
    byte_view s;
    if (!r.u8(len) || !r.take(len, s)) return malformed("TXT", "character-string runs past the end");
    out.emplace_back(reinterpret_cast<const char*>(s.data()), s.size());
  }
  return out;
}

result<name> decode_name_rdata(byte_view rdata) {
  std::size_t used = 0;
  auto n = name::from_wire(rdata, used);
  if (!n) return n.err();
  if (used != rdata.size()) return malformed("name", "trailing octets after the name");
  return n;
}

result<ds_rdata> decode_ds(byte_view rdata) {
  reader r{rdata};
  ds_rdata ds;
  if (!r.u16(ds.key_tag) || !r.u8(ds.algorithm) || !r.u8(ds.digest_type))
    return malformed("DS", "shorter than 4 octets");
  if (r.at_end()) return malformed("DS", "empty digest");
  ds.digest.assign(rdata.begin() + 4, rdata.end());
  return ds;
}

bytes encode_ds(const ds_rdata& ds) {
  bytes out;
  out.reserve(4 + ds.digest.size());
  detail::put_u16(out, ds.key_tag);
  detail::put_u8(out, ds.algorithm);
  detail::put_u8(out, ds.digest_type);
  detail::put_bytes(out, ds.digest);
  return out;
}

result<dnskey_rdata> decode_dnskey(byte_view rdata) {
  reader r{rdata};
  dnskey_rdata k;
  if (!r.u16(k.flags) || !r.u8(k.protocol) || !r.u8(k.algorithm))
    return malformed("DNSKEY", "shorter than 4 octets");
  if (r.at_end()) return malformed("DNSKEY", "empty public key");
  k.public_key.assign(rdata.begin() + 4, rdata.end());
  return k;
}

result<rrsig_rdata> decode_rrsig(byte_view rdata) {
  reader r{rdata};
  rrsig_rdata s;
  if (!r.u16(s.type_covered) || !r.u8(s.algorithm) || !r.u8(s.labels) || !r.u32(s.original_ttl) ||
      !r.u32(s.expiration) || !r.u32(s.inception) || !r.u16(s.key_tag))
    return malformed("RRSIG", "shorter than its fixed fields");
  std::size_t used = 0;
  auto signer = name::from_wire(rdata.subspan(r.pos), used);
  if (!signer) return signer.err();
  s.signer = std::move(*signer);
  r.pos += used;
  if (r.at_end()) return malformed("RRSIG", "empty signature");
  s.signature.assign(rdata.begin() + static_cast<std::ptrdiff_t>(r.pos), rdata.end());
  return s;
}

bytes rrsig_signed_prefix(const rrsig_rdata& s) {
  bytes out;
  out.reserve(18 + s.signer.wire_size());
  detail::put_u16(out, s.type_covered);
  detail::put_u8(out, s.algorithm);
  detail::put_u8(out, s.labels);
  detail::put_u32(out, s.original_ttl);
  detail::put_u32(out, s.expiration);
  detail::put_u32(out, s.inception);
  detail::put_u16(out, s.key_tag);
  detail::put_bytes(out, s.signer.wire());
  return out;
}

bytes encode_rrsig(const rrsig_rdata& s) {
  bytes out = rrsig_signed_prefix(s);
  detail::put_bytes(out, s.signature);
  return out;
}

result<type_bitmap> type_bitmap::decode(byte_view data) {
  // RFC 4034 §4.1.2: blocks of (window, length 1..32, bitmap), windows in
  // increasing order, each window at most once.
  reader r{data};
  int last_window = -1;
  while (!r.at_end()) {
    std::uint8_t window = 0, len = 0;
    byte_view bits;
    if (!r.u8(window) || !r.u8(len)) return malformed("type bitmap", "truncated block header");
    if (len == 0 || len > 32) return malformed("type bitmap", "block length not in 1..32");
    if (window <= last_window) return malformed("type bitmap", "windows not in increasing order");
    if (!r.take(len, bits)) return malformed("type bitmap", "block runs past the end");
    last_window = window;
  }
  type_bitmap t;
  t.raw_.assign(data.begin(), data.end());
  return t;
}

type_bitmap type_bitmap::from_types(std::vector<std::uint16_t> types) {
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  type_bitmap t;
  std::size_t i = 0;
  while (i < types.size()) {
    std::uint8_t window = static_cast<std::uint8_t>(types[i] >> 8);
    std::array<std::uint8_t, 32> bits{};
    std::size_t len = 0;
    for (; i < types.size() && (types[i] >> 8) == window; ++i) {
      std::size_t low = types[i] & 0xFF;
      bits[low / 8] |= static_cast<std::uint8_t>(0x80 >> (low % 8));
      len = low / 8 + 1;
    }
    t.raw_.push_back(window);
    t.raw_.push_back(static_cast<std::uint8_t>(len));
    t.raw_.insert(t.raw_.end(), bits.begin(), bits.begin() + static_cast<std::ptrdiff_t>(len));
  }
  return t;
}

bool type_bitmap::has(std::uint16_t type) const {
  std::size_t p = 0;
  std::uint8_t want_window = static_cast<std::uint8_t>(type >> 8);
  std::size_t low = type & 0xFF;
  while (p + 2 <= raw_.size()) {
    std::uint8_t window = raw_[p];
    std::size_t len = raw_[p + 1];
    if (window == want_window) {
      if (low / 8 >= len) return false;
      return (raw_[p + 2 + low / 8] & (0x80 >> (low % 8))) != 0;
    }
    p += 2 + len;
  }
  return false;
}

result<nsec_rdata> decode_nsec(byte_view rdata) {
  std::size_t used = 0;
  auto next = name::from_wire(rdata, used);
  if (!next) return next.err();
  auto types = type_bitmap::decode(rdata.subspan(used));
  if (!types) return types.err();
  return nsec_rdata{std::move(*next), std::move(*types)};
}

result<nsec3_rdata> decode_nsec3(byte_view rdata) {
  reader r{rdata};
  nsec3_rdata n;
  std::uint8_t salt_len = 0, hash_len = 0;
  byte_view salt, hash;
  if (!r.u8(n.hash_algorithm) || !r.u8(n.flags) || !r.u16(n.iterations) || !r.u8(salt_len) ||
      !r.take(salt_len, salt) || !r.u8(hash_len) || !r.take(hash_len, hash))
    return malformed("NSEC3", "truncated");
  if (hash_len == 0) return malformed("NSEC3", "empty next hashed owner name");
  n.salt.assign(salt.begin(), salt.end());
  n.next_hashed.assign(hash.begin(), hash.end());
  auto types = type_bitmap::decode(rdata.subspan(r.pos));
  if (!types) return types.err();
  n.types = std::move(*types);
  return n;
}

result<nsec3param_rdata> decode_nsec3param(byte_view rdata) {
  reader r{rdata};
  nsec3param_rdata n;
  std::uint8_t salt_len = 0;
  byte_view salt;
  if (!r.u8(n.hash_algorithm) || !r.u8(n.flags) || !r.u16(n.iterations) || !r.u8(salt_len) ||
      !r.take(salt_len, salt) || !r.at_end())
    return malformed("NSEC3PARAM", "length does not match its fields");
  n.salt.assign(salt.begin(), salt.end());
  return n;
}

result<soa_rdata> decode_soa(byte_view rdata) {
  std::size_t used1 = 0, used2 = 0;
  auto m = name::from_wire(rdata, used1);
  if (!m) return m.err();
  auto rn = name::from_wire(rdata.subspan(used1), used2);
  if (!rn) return rn.err();
  reader r{rdata, used1 + used2};
  soa_rdata s{std::move(*m), std::move(*rn)};
  if (!r.u32(s.serial) || !r.u32(s.refresh) || !r.u32(s.retry) || !r.u32(s.expire) ||
      !r.u32(s.minimum) || !r.at_end())
    return malformed("SOA", "length does not match its fields");
  return s;
}

result<edns> decode_opt(const rr& opt) {
  if (opt.type != rr_type::opt) return malformed("OPT", "not an OPT record");
  if (!opt.owner.is_root()) return malformed("OPT", "owner is not the root (RFC 6891 §6.1.2)");
  edns e;
  e.udp_payload_size = opt.cls;
  e.extended_rcode = static_cast<std::uint8_t>(opt.ttl >> 24);
  e.version = static_cast<std::uint8_t>(opt.ttl >> 16);
  e.dnssec_ok = (opt.ttl & 0x8000u) != 0;
  reader r{opt.rdata};
  while (!r.at_end()) {
    std::uint16_t code = 0, len = 0;
    byte_view data;
    if (!r.u16(code) || !r.u16(len) || !r.take(len, data)) return malformed("OPT", "option runs past the end");
    e.options.push_back({code, bytes(data.begin(), data.end())});
  }
  return e;
}

}  // namespace hrn::dns
