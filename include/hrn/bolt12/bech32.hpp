#pragma once
// The BOLT 12 string layer: a human-readable prefix, `1`, then the TLV bytes
// as bech32 characters with no checksum (BOLT 12 "Encoding"). Pure.

#include <string>
#include <string_view>

#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::bolt12 {

struct bolt12_string {
  std::string hrp;  // lower case, e.g. "lno"
  bytes data;       // the 5-bit groups regrouped into bytes
};

// Reads `text` as BOLT 12 says a reader must:
// - all lower case or all upper case (errc::mixed_case otherwise);
// - a `+` followed by zero or more whitespace characters between two bech32
//   characters is removed; a `+` anywhere else, and whitespace anywhere but
//   right after a `+`, is errc::bad_encoding;
// - the prefix is everything before the last `1`; the rest must be bech32
//   data characters, and the incomplete last group must be at most 4 bits,
//   all zero (as in BIP 173), so one byte string has exactly one spelling.
// When `expected_hrp` is given (lower case), another prefix is errc::bad_hrp,
// reported before the data part is looked at (so a BOLT 11 invoice, whose
// checksum would upset the padding rule, is still called a wrong prefix).
// Allocates at most text.size() bytes.
result<bolt12_string> decode_bolt12_string(std::string_view text, std::string_view expected_hrp = {});

// The inverse, in lower case without `+` joins. Used by tests and tools.
std::string encode_bolt12_string(std::string_view hrp, byte_view data);

}  // namespace hrn::bolt12
