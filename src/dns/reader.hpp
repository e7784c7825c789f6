#pragma once
// A bounds-checked cursor over outside bytes (private to the dns module).
// Every read either succeeds or leaves `pos` unchanged and returns false.

#include <cstddef>
#include <cstdint>

#include "hrn/util/bytes.hpp"

namespace hrn::dns::detail {

struct reader {
  byte_view data;
  std::size_t pos = 0;

  std::size_t remaining() const { return data.size() - pos; }
  bool at_end() const { return pos == data.size(); }

  bool u8(std::uint8_t& v) {
    if (remaining() < 1) return false;
    v = data[pos++];
    return true;
  }
  bool u16(std::uint16_t& v) {
    if (remaining() < 2) return false;
    v = static_cast<std::uint16_t>((data[pos] << 8) | data[pos + 1]);
    pos += 2;
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (remaining() < 4) return false;
    v = (std::uint32_t{data[pos]} << 24) | (std::uint32_t{data[pos + 1]} << 16) |
        (std::uint32_t{data[pos + 2]} << 8) | std::uint32_t{data[pos + 3]};
    pos += 4;
    return true;
  }
  bool take(std::size_t n, byte_view& out) {
    if (remaining() < n) return false;
    out = data.subspan(pos, n);
    pos += n;
    return true;
  }
};

inline void put_u8(bytes& out, std::uint8_t v) { out.push_back(v); }
inline void put_u16(bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
inline void put_u32(bytes& out, std::uint32_t v) {
  put_u16(out, static_cast<std::uint16_t>(v >> 16));
  put_u16(out, static_cast<std::uint16_t>(v));
}
inline void put_bytes(bytes& out, byte_view v) { out.insert(out.end(), v.begin(), v.end()); }

}  // namespace hrn::dns::detail
