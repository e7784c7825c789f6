// BOLT 1 "Type-Length-Value Format" and "Appendix A: BigSize".
#include "hrn/bolt12/tlv.hpp"

#include <string>

#include "hrn/bolt12/errors.hpp"
#include "reader.hpp"

namespace hrn::bolt12 {
namespace {

error tlv_error(std::string message) {
  return make_error(std::string(errc::bad_tlv), std::move(message));
}

void append_be(bytes& out, std::uint64_t v, int size) {
  for (int i = size - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

result<bigsize_value> read_bigsize(byte_view in) {
  if (in.empty()) return tlv_error("truncated");
  const std::uint8_t first = in[0];
  std::size_t width = 0;       // bytes after the first
  std::uint64_t minimum = 0;   // smallest value this width may carry
  switch (first) {
    case 0xfd: width = 2; minimum = 0xfd; break;
    case 0xfe: width = 4; minimum = 0x10000; break;
    case 0xff: width = 8; minimum = 0x100000000; break;
    default: return bigsize_value{first, 1};
  }
  if (in.size() < 1 + width) return tlv_error("truncated");
  std::uint64_t v = 0;
  for (std::size_t i = 1; i <= width; ++i) v = v << 8 | in[i];
  // Appendix A: "All values decoded with BigSize should be checked to ensure
  // they are minimally encoded"; the TLV reader MUST fail otherwise.
  if (v < minimum) return tlv_error("not minimally encoded");
  return bigsize_value{v, 1 + width};
}

void append_bigsize(bytes& out, std::uint64_t value) {
  if (value < 0xfd) {
    out.push_back(static_cast<std::uint8_t>(value));
  } else if (value <= 0xffff) {
    out.push_back(0xfd);
    append_be(out, value, 2);
  } else if (value <= 0xffffffff) {
    out.push_back(0xfe);
    append_be(out, value, 4);
  } else {
    out.push_back(0xff);
    append_be(out, value, 8);
  }
}

result<std::vector<tlv_record>> parse_tlv_stream(byte_view in) {
  std::vector<tlv_record> records;
  detail::reader r(in);
  std::optional<std::uint64_t> previous;
  while (!r.empty()) {
    const std::size_t at = r.position();
    auto type = read_bigsize(r.rest());
    if (!type) {
      return tlv_error("record at byte " + std::to_string(at) + ": type " + type.err().message);
    }
    r.skip(type->size);
    auto length = read_bigsize(r.rest());
    if (!length) {
      return tlv_error("type " + std::to_string(type->value) + ": length " + length.err().message);
    }
    r.skip(length->size);
    // BOLT 1: types strictly increasing, which also rules out duplicates.
    if (previous && type->value <= *previous) {
      return tlv_error("type " + std::to_string(type->value) + " follows type " +
                       std::to_string(*previous) + " (types must strictly increase)");
    }
    // The length is checked against the bytes actually present before
    // anything is allocated for the value.
    if (length->value > r.remaining()) {
      return tlv_error("type " + std::to_string(type->value) + ": length " +
                       std::to_string(length->value) + " exceeds the " +
                       std::to_string(r.remaining()) + " bytes left");
    }
    auto value = *r.take(static_cast<std::size_t>(length->value));
    records.push_back(tlv_record{type->value, bytes(value.begin(), value.end())});
    previous = type->value;
  }
  return records;
}

bytes encode_tlv_stream(const std::vector<tlv_record>& records) {
  bytes out;
  for (const auto& rec : records) {
    append_bigsize(out, rec.type);
    append_bigsize(out, rec.value.size());
    out.insert(out.end(), rec.value.begin(), rec.value.end());
  }
  return out;
}

std::optional<std::uint64_t> read_tu64(byte_view in) {
  // BOLT 1 "Fundamental Types": "Leading zeros in truncated integers MUST be omitted".
  if (in.size() > 8) return std::nullopt;
  if (!in.empty() && in[0] == 0) return std::nullopt;
  std::uint64_t v = 0;
  for (auto b : in) v = v << 8 | b;
  return v;
}

void append_tu64(bytes& out, std::uint64_t value) {
  int size = 0;
  for (std::uint64_t v = value; v != 0; v >>= 8) ++size;
  append_be(out, value, size);
}

}  // namespace hrn::bolt12
