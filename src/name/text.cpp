#include "text.hpp"

#include <cstdint>

#include "hrn/util/utf8.hpp"

namespace hrn::name::detail {

std::optional<std::u32string> decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    // Strict: overlong forms would let one character hide behind several spellings.
    const auto d = utf8::decode(text, i);
    if (!d.valid) return std::nullopt;
    out.push_back(d.cp);
    i += d.length;
  }
  return out;
}

char32_t fold_width(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;  // ＠ → @, Ａ → A, ．→ .
  if (cp == 0x3002 || cp == 0xFF61) return U'.';         // 。 ｡
  return cp;
}

bool is_space(char32_t cp) {
  switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
    case 0x200B: case 0xFEFF:  // not White_Space, but invisible and pasted along
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool is_ascii_alnum(char32_t cp) {
  return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9');
}

char to_lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string describe(char32_t cp) {
  if (cp > 0x20 && cp < 0x7F) return std::string{'\'', static_cast<char>(cp), '\''};
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string hex;
  for (auto v = static_cast<std::uint32_t>(cp); v != 0 || hex.size() < 4; v >>= 4)
    hex.insert(hex.begin(), digits[v & 0xF]);
  return "U+" + hex;
}

}  // namespace hrn::name::detail
