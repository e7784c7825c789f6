#include "text.hpp"

#include <cstdint>

namespace hrn::name::detail {

std::optional<std::u32string> decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<std::uint8_t>(text[i]);
    if (lead < 0x80) {
      out.push_back(lead);
      ++i;
      continue;
    }
    std::size_t extra = 0;  // continuation bytes after the lead
    char32_t min = 0;       // smallest code point that needs this many bytes
    if ((lead & 0xE0) == 0xC0) {
      extra = 1;
      min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2;
      min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3;
      min = 0x10000;
    } else {
      return std::nullopt;  // a continuation byte or 0xF8.. where a lead belongs
    }
    char32_t cp = lead & (0x3Fu >> extra);
    if (text.size() - i <= extra) return std::nullopt;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto b = static_cast<std::uint8_t>(text[i + k]);
      if ((b & 0xC0) != 0x80) return std::nullopt;
      cp = cp << 6 | (b & 0x3F);
    }
    // Overlong forms would let one character hide behind several spellings.
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  auto put = [&out](char32_t v) { out.push_back(static_cast<char>(v)); };
  if (cp < 0x80) {
    put(cp);
    return;
  }
  int extra = cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
  static constexpr char32_t lead_bits[] = {0, 0xC0, 0xE0, 0xF0};
  put(lead_bits[extra] | cp >> (6 * extra));
  while (extra-- > 0) put(0x80 | (cp >> (6 * extra) & 0x3F));
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
