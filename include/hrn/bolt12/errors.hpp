#pragma once
// Stable error codes of the bolt12 module. They appear as `error.code` in the
// CLI and the HTTP API, so other programs match on them: never rename one.
// Each error's `message` is one line that names the field (and its TLV type)
// or the character position at fault.

#include <string_view>

namespace hrn::bolt12::errc {

// String layer (BOLT 12 "Encoding").
// A character outside the bech32 set, a `+` not between two bech32
// characters, whitespace anywhere but right after a `+`, no `1` separator,
// or leftover padding bits (more than 4, or not zero).
inline constexpr std::string_view bad_encoding = "bad_encoding";
// Upper- and lower-case letters in the same string.
inline constexpr std::string_view mixed_case = "mixed_case";
// The human-readable prefix is not `lno` (e.g. an invoice `lni` or an
// invoice request `lnr`).
inline constexpr std::string_view bad_hrp = "bad_hrp";

// TLV layer (BOLT 1 "Type-Length-Value Format").
// A truncated type, length or value; a type or length that is not minimally
// encoded BigSize; types that are not strictly increasing.
inline constexpr std::string_view bad_tlv = "bad_tlv";
// A type outside the ranges an offer may use: 1-79 and 1000000000-1999999999.
inline constexpr std::string_view type_out_of_range = "type_out_of_range";
// An even type inside those ranges that this reader does not know.
inline constexpr std::string_view unknown_even_type = "unknown_even_type";

// Field layer (BOLT 12 "Requirements For Offers").
// A known field whose value is malformed: wrong length, a truncated integer
// with leading zeros, invalid UTF-8, a currency that is not three upper-case
// letters, a zero (or above 21 million BTC) amount, empty `offer_chains` or
// `offer_paths`, a blinded path that is truncated or has zero hops.
inline constexpr std::string_view bad_field = "bad_field";
// A 33-byte point (offer_issuer_id, first_node_id, first_path_key,
// blinded_node_id) that is not a valid compressed secp256k1 point.
inline constexpr std::string_view bad_point = "bad_point";
// `offer_features` sets an even (required) bit this reader does not know.
inline constexpr std::string_view unknown_feature = "unknown_feature";
// A field another field requires is absent: `offer_amount` without
// `offer_description`, `offer_currency` without `offer_amount`, or neither
// `offer_issuer_id` nor `offer_paths`.
inline constexpr std::string_view missing_field = "missing_field";

}  // namespace hrn::bolt12::errc
