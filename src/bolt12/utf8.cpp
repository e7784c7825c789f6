#include "fields.hpp"

namespace hrn::bolt12::detail {

bool is_valid_utf8(byte_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::uint8_t b = text[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = 0;
    std::uint32_t cp = 0, min = 0;
    if ((b & 0xe0) == 0xc0) {
      extra = 1, cp = b & 0x1f, min = 0x80;
    } else if ((b & 0xf0) == 0xe0) {
      extra = 2, cp = b & 0x0f, min = 0x800;
    } else if ((b & 0xf8) == 0xf0) {
      extra = 3, cp = b & 0x07, min = 0x10000;
    } else {
      return false;  // a continuation byte or 0xf8..0xff as a lead byte
    }
    if (text.size() - i <= extra) return false;  // truncated sequence
    for (std::size_t k = 1; k <= extra; ++k) {
      const std::uint8_t c = text[i + k];
      if ((c & 0xc0) != 0x80) return false;
      cp = cp << 6 | (c & 0x3f);
    }
    if (cp < min) return false;                      // overlong
    if (cp > 0x10ffff) return false;                 // beyond Unicode
    if (cp >= 0xd800 && cp <= 0xdfff) return false;  // UTF-16 surrogate
    i += extra + 1;
  }
  return true;
}

}  // namespace hrn::bolt12::detail
