#pragma once
// Field decoders of the offer stream, private to the bolt12 module.

#include <string>
#include <string_view>
#include <vector>

#include "hrn/bolt12/offer.hpp"
#include "hrn/util/result.hpp"

namespace hrn::bolt12::detail {

// BOLT 1 "Fundamental Types": "milli-satoshi amounts MUST be at most
// 0x1d24b2dfac520000" (21 million BTC).
inline constexpr std::uint64_t max_msat = 0x1d24b2dfac520000;

// "offer_amount (type 8): <what>", with the given error code.
error field_error(std::string_view code, std::uint64_t type, std::string_view what);

// Decodes one record of a known type (is_known_offer_type) into `out`.
status decode_known_field(const tlv_record& record, offer& out);

// offer_paths (type 16): `...*blinded_path` (BOLT 4 "Route Blinding").
result<std::vector<blinded_path>> decode_blinded_paths(byte_view value);

}  // namespace hrn::bolt12::detail
