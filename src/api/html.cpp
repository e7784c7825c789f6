#include "hrn/api/html.hpp"

#include <cstdint>

namespace hrn::api::html {
namespace {

constexpr std::string_view replacement = "\xef\xbf\xbd";  // U+FFFD

// The code point of the UTF-8 sequence at s[i] and its length, or length 0
// when the bytes there are not well-formed UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF).
struct decoded {
  char32_t cp = 0;
  std::size_t length = 0;
};

decoded decode(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<std::uint8_t>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t n = 0;
  char32_t cp = 0, min = 0;
  if ((b0 & 0xe0) == 0xc0) {
    n = 2, cp = b0 & 0x1f, min = 0x80;
  } else if ((b0 & 0xf0) == 0xe0) {
    n = 3, cp = b0 & 0x0f, min = 0x800;
  } else if ((b0 & 0xf8) == 0xf0) {
    n = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {};
  }
  if (i + n > s.size()) return {};
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<std::uint8_t>(s[i + k]);
    if ((b & 0xc0) != 0x80) return {};
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return {};
  return {cp, n};
}

// Characters a page must not pass on as they are (see html.hpp).
bool misleading(char32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n';
  if (cp >= 0x7f && cp <= 0x9f) return true;  // DEL and the C1 controls
  return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

void append(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto d = decode(s, i);
    if (d.length == 0) {
      out += replacement;  // one per byte that starts no valid sequence
      ++i;
      continue;
    }
    if (misleading(d.cp)) {
      out += replacement;
    } else if (d.length > 1) {
      out.append(s.substr(i, d.length));
    } else {
      switch (d.cp) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += static_cast<char>(d.cp);
      }
    }
    i += d.length;
  }
}

std::string escape(std::string_view s) {
  std::string out;
  append(out, s);
  return out;
}

}  // namespace hrn::api::html
