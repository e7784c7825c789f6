#pragma once
// secp256k1 points as BOLT 1 `point`: 33 bytes, SEC 1 compressed encoding.

#include <array>
#include <cstdint>

#include "hrn/util/bytes.hpp"

namespace hrn::bolt12 {

using point = std::array<std::uint8_t, 33>;

// True when `p` starts with 0x02 or 0x03 and its x coordinate is below the
// field prime and on the curve (checked with OpenSSL 3, NID_secp256k1).
bool is_valid_point(const point& p);

}  // namespace hrn::bolt12
