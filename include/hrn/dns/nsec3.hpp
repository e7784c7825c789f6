#pragma once
// NSEC3 hashing (RFC 5155 §5) and Base32hex (RFC 4648 §7, no padding, as
// used in NSEC3 owner names).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hrn/dns/name.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::dns {

inline constexpr std::uint8_t nsec3_hash_sha1 = 1;

// IH(salt, x, 0) = H(x | salt); IH(salt, x, k) = H(IH(salt, x, k-1) | salt),
// x the canonical wire form of `n`; nullopt for any algorithm but SHA-1.
std::optional<bytes> nsec3_hash(std::uint8_t algorithm, const name& n, byte_view salt,
                                std::uint16_t iterations);

std::string base32hex_encode(byte_view data);  // lower case, no padding
// Case-insensitive; nullopt on a bad digit, padding, or non-zero trailing bits.
std::optional<bytes> base32hex_decode(std::string_view text);

}  // namespace hrn::dns
