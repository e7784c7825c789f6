#pragma once
// Byte buffers and their text encodings (hex, base64). Pure.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hrn {

using bytes = std::vector<std::uint8_t>;
using byte_view = std::span<const std::uint8_t>;

inline byte_view as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// The value of one hex digit (either case), or -1.
int hex_value(char c);
// Lower-case hex, two digits per byte.
std::string to_hex(byte_view data);
// Accepts upper or lower case; no separators. nullopt on odd length or a non-hex digit.
std::optional<bytes> from_hex(std::string_view text);
// Like from_hex but skips ASCII whitespace (for vector files wrapped over lines).
std::optional<bytes> from_hex_lenient(std::string_view text);

// RFC 4648 base64 with padding.
std::string to_base64(byte_view data);
// Strict RFC 4648 §4 (padding required, no whitespace, canonical trailing bits).
std::optional<bytes> from_base64(std::string_view text);

}  // namespace hrn
