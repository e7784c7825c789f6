#pragma once
// The node-id flag: four colours that Alice and Bob compare at a glance
// before Bob pays, derived from the offer's node id and a recent block.
//
//   digest  = SHA-256(node_id || block_hash)
//   colours = digest[0..2], digest[3..5], digest[6..8], digest[9..11] as RGB
//
// node_id is the 33-byte compressed public key (02 or 03, then X), as BOLT 12
// carries it in offer_issuer_id. block_hash is the 32 bytes in the order
// Bitcoin displays them (the hex of a block explorer, decoded as written:
// the leading zeros first), not the internal little-endian order. A flag is
// always shown with its block height; a new block changes it.
//
// Each colour also gets the name of the nearest of a fixed 16-colour
// palette, so the flag can be read aloud or sent as text ("RED TEAL NAVY
// GOLD"). Pure: bytes in, values out.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::flag {

namespace errc {
// Not 33 bytes starting with 02 or 03.
inline constexpr std::string_view bad_node_id = "bad_node_id";
// Not 32 bytes.
inline constexpr std::string_view bad_block_hash = "bad_block_hash";
// A flag was asked for at a height whose hash the relay does not keep.
inline constexpr std::string_view unknown_height = "unknown_height";
// The relay has no block tip: no source configured, or none reached yet.
inline constexpr std::string_view no_block_source = "no_block_source";
}  // namespace errc

struct rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const rgb&, const rgb&) = default;
};

struct palette_colour {
  std::string_view name;
  rgb value;
};

// The 16 named colours, in a fixed order (part of the flag's definition).
const std::array<palette_colour, 16>& palette();

// The palette colour nearest to `c` ("redmean" weighted RGB distance; ties go
// to the earlier palette entry).
std::string_view nearest_name(rgb c);

// "#rrggbb", lower case.
std::string to_hex(rgb c);

struct node_flag {
  std::uint32_t height = 0;
  std::array<rgb, 4> colours{};
  std::array<std::string_view, 4> names{};
};

node_flag make_flag(const std::array<std::uint8_t, 33>& node_id, const std::array<std::uint8_t, 32>& block_hash,
                    std::uint32_t height);

// The same from bytes of any length: errors bad_node_id, bad_block_hash.
result<node_flag> make_flag(byte_view node_id, byte_view block_hash, std::uint32_t height);

}  // namespace hrn::flag
