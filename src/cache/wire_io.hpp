#pragma once
// Big-endian writes and bounds-checked reads for the cache's two binary
// formats (the snapshot file and the shared entries in Redis). Internal to
// the cache module.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "hrn/util/bytes.hpp"

namespace hrn::cache::wire {

inline void put_be(bytes& out, std::uint64_t v, int octets) {
  for (int i = octets - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

struct reader {
  byte_view data;
  std::size_t pos = 0;

  std::size_t left() const { return data.size() - pos; }
  std::optional<std::uint64_t> be(std::size_t octets) {
    if (left() < octets) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < octets; ++i) v = (v << 8) | data[pos + i];
    pos += octets;
    return v;
  }
  std::optional<byte_view> take(std::size_t n) {
    if (left() < n) return std::nullopt;
    auto v = data.subspan(pos, n);
    pos += n;
    return v;
  }
};

}  // namespace hrn::cache::wire
