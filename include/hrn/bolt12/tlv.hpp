#pragma once
// BigSize integers and TLV streams (BOLT 1 "Type-Length-Value Format" and
// "Appendix A: BigSize"). Pure; the stream parser allocates only records
// whose bytes it has already seen.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::bolt12 {

struct bigsize_value {
  std::uint64_t value = 0;
  std::size_t size = 0;  // bytes consumed: 1, 3, 5 or 9
};

// Reads one BigSize from the front of `in`. errc::bad_tlv when `in` ends
// before the integer does or when it is not minimally encoded.
result<bigsize_value> read_bigsize(byte_view in);
void append_bigsize(bytes& out, std::uint64_t value);

struct tlv_record {
  std::uint64_t type = 0;
  bytes value;  // its length is the record's length

  friend bool operator==(const tlv_record&, const tlv_record&) = default;
};

// Splits a whole stream into records. BOLT 1 reader rules: minimal BigSize
// type and length, a length within the bytes left, strictly increasing types.
// Knows nothing of what the types mean (decode_offer does that).
result<std::vector<tlv_record>> parse_tlv_stream(byte_view in);

// Concatenates the records as given (no sorting, so tests can build broken
// streams on purpose).
bytes encode_tlv_stream(const std::vector<tlv_record>& records);

// A truncated unsigned integer (tu64, BOLT 1 "Fundamental Types"): 0 to 8
// bytes, big-endian, leading zeros forbidden. nullopt when not minimal or
// longer than 8 bytes.
std::optional<std::uint64_t> read_tu64(byte_view in);
void append_tu64(bytes& out, std::uint64_t value);

}  // namespace hrn::bolt12
