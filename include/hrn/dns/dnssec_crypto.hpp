#pragma once
// DNSSEC cryptographic primitives over OpenSSL 3 EVP (kept out of this header).
// Algorithms (RFC 8624 §3.1, validation column): 8 RSA/SHA-256, 10 RSA/SHA-512,
// 13 ECDSA P-256/SHA-256, 14 ECDSA P-384/SHA-384, 15 Ed25519. The SHA-1
// signature algorithms 5 and 7 are refused (RFC 8624 lists them as NOT
// RECOMMENDED for validation; SHA-1 signatures are forgeable in practice).
// DS digests (RFC 8624 §3.3): 1 SHA-1, 2 SHA-256, 4 SHA-384.
//
// Error codes: dnssec_unsupported (algorithm or key size we refuse),
// dnssec_bogus (key material that does not decode).

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>

#include "hrn/dns/name.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace hrn::dns {

namespace dnssec_algorithm {
inline constexpr std::uint8_t rsasha1 = 5;
inline constexpr std::uint8_t rsasha1_nsec3 = 7;
inline constexpr std::uint8_t rsasha256 = 8;
inline constexpr std::uint8_t rsasha512 = 10;
inline constexpr std::uint8_t ecdsap256sha256 = 13;
inline constexpr std::uint8_t ecdsap384sha384 = 14;
inline constexpr std::uint8_t ed25519 = 15;
}  // namespace dnssec_algorithm

namespace ds_digest_type {
inline constexpr std::uint8_t sha1 = 1;
inline constexpr std::uint8_t sha256 = 2;
inline constexpr std::uint8_t sha384 = 4;
}  // namespace ds_digest_type

inline constexpr unsigned min_rsa_bits = 1024;
inline constexpr unsigned max_rsa_bits = 4096;  // RFC 3110 §2 bound; also bounds CPU per verify

bool signature_algorithm_supported(std::uint8_t algorithm);
bool ds_digest_supported(std::uint8_t digest_type);

// RFC 4034 Appendix B over the whole DNSKEY RDATA (algorithm 1 is not supported).
std::uint16_t key_tag(byte_view dnskey_rdata);

// RFC 4034 §5.1.4: digest(canonical owner name | DNSKEY RDATA); nullopt for an
// unsupported digest type.
std::optional<bytes> ds_digest(std::uint8_t digest_type, const name& owner, byte_view dnskey_rdata);

// SHA-256 over the concatenation of `parts` (for cache keys and digests of
// record sets, not for anything a signature depends on).
bytes sha256_of(std::initializer_list<byte_view> parts);

// A DNSKEY's public key, decoded once and ready to verify signatures. Cheap to
// copy (shared); this is what a (zone, key tag) cache keeps.
class public_key {
 public:
  static result<public_key> from_dnskey(std::uint8_t algorithm, byte_view key);
  std::uint8_t algorithm() const { return algorithm_; }
  // RFC 4034 §3.1.8.1 data, signature as carried in the RRSIG.
  bool verify(byte_view data, byte_view signature) const;

 private:
  std::shared_ptr<evp_pkey_st> key_;
  std::uint8_t algorithm_ = 0;
};

}  // namespace hrn::dns
