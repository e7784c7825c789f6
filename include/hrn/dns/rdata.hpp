#pragma once
// Typed views of RDATA (decoders are strict: the whole RDATA must be used).
// Error code: malformed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hrn/dns/name.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

// RFC 1035 §3.3.14: one or more <character-string>s.
result<std::vector<std::string>> decode_txt(byte_view rdata);
// CNAME, DNAME, NS, PTR: a single uncompressed name.
result<name> decode_name_rdata(byte_view rdata);

struct ds_rdata {  // RFC 4034 §5.1
  std::uint16_t key_tag = 0;
  std::uint8_t algorithm = 0;
  std::uint8_t digest_type = 0;
  bytes digest;
  friend bool operator==(const ds_rdata&, const ds_rdata&) = default;
};
result<ds_rdata> decode_ds(byte_view rdata);
bytes encode_ds(const ds_rdata& ds);

struct dnskey_rdata {  // RFC 4034 §2.1
  static constexpr std::uint16_t zone_key_flag = 0x0100;  // bit 7
  static constexpr std::uint16_t revoke_flag = 0x0080;    // bit 8, RFC 5011 §7
  static constexpr std::uint16_t sep_flag = 0x0001;       // bit 15
  std::uint16_t flags = 0;
  std::uint8_t protocol = 0;
  std::uint8_t algorithm = 0;
  bytes public_key;
};
result<dnskey_rdata> decode_dnskey(byte_view rdata);

struct rrsig_rdata {  // RFC 4034 §3.1
  std::uint16_t type_covered = 0;
  std::uint8_t algorithm = 0;
  std::uint8_t labels = 0;
  std::uint32_t original_ttl = 0;
  std::uint32_t expiration = 0;
  std::uint32_t inception = 0;
  std::uint16_t key_tag = 0;
  name signer;
  bytes signature;
};
result<rrsig_rdata> decode_rrsig(byte_view rdata);
// RDATA without the signature, signer name in canonical form (RFC 4034 §3.1.8.1).
bytes rrsig_signed_prefix(const rrsig_rdata& sig);
bytes encode_rrsig(const rrsig_rdata& sig);

// RFC 4034 §4.1.2 type bit maps (shared by NSEC and NSEC3).
class type_bitmap {
 public:
  static result<type_bitmap> decode(byte_view data);
  static type_bitmap from_types(std::vector<std::uint16_t> types);
  bool has(std::uint16_t type) const;
  byte_view wire() const { return raw_; }
 private:
  bytes raw_;
};

struct nsec_rdata {  // RFC 4034 §4.1
  name next;
  type_bitmap types;
};
result<nsec_rdata> decode_nsec(byte_view rdata);

struct nsec3_rdata {  // RFC 5155 §3.2
  static constexpr std::uint8_t opt_out_flag = 0x01;
  std::uint8_t hash_algorithm = 0;
  std::uint8_t flags = 0;
  std::uint16_t iterations = 0;
  bytes salt;
  bytes next_hashed;
  type_bitmap types;
  bool opt_out() const { return (flags & opt_out_flag) != 0; }
};
result<nsec3_rdata> decode_nsec3(byte_view rdata);

struct nsec3param_rdata {  // RFC 5155 §4.2
  std::uint8_t hash_algorithm = 0;
  std::uint8_t flags = 0;
  std::uint16_t iterations = 0;
  bytes salt;
};
result<nsec3param_rdata> decode_nsec3param(byte_view rdata);

struct soa_rdata {  // RFC 1035 §3.3.13
  name mname, rname;
  std::uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;
};
result<soa_rdata> decode_soa(byte_view rdata);

struct edns_option {
  std::uint16_t code = 0;
  bytes data;
};
struct edns {  // RFC 6891 §6.1
  std::uint16_t udp_payload_size = 0;
  std::uint8_t extended_rcode = 0;  // upper 8 bits of the 12-bit RCODE
  std::uint8_t version = 0;
  bool dnssec_ok = false;
  std::vector<edns_option> options;
};
// From an OPT pseudo-RR (its CLASS and TTL fields carry EDNS data).
result<edns> decode_opt(const rr& opt);

}  // namespace hrn::dns
