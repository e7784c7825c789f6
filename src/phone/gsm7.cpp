// The GSM 7-bit default alphabet and its extension table, as 3GPP TS 23.038
// ("Alphabets and language-specific information", §6.2.1 and §6.2.1.1)
// defines them, and the septet arithmetic on text in it.
#include <array>
#include <vector>

#include "hrn/phone/sms.hpp"
#include "text.hpp"

namespace hrn::phone {
namespace detail {
namespace {

// TS 23.038 §6.2.1, indexed by the septet's value. 0x1B is the escape to the
// extension table, not a character (a sentinel that matches no code point).
// 0x09 is the capital Ç: the table's first editions showed a small ç there,
// but the current one, and the phones, have the capital.
constexpr char32_t escape = 0xFFFFFFFF;
constexpr std::array<char32_t, 128> default_alphabet{
    U'@', U'£', U'$', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'\n', U'Ø', U'ø', U'\r', U'Å', U'å',
    U'Δ', U'_', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ', U'Σ', U'Θ', U'Ξ', escape, U'Æ', U'æ', U'ß', U'É',
    U' ', U'!', U'"', U'#', U'¤', U'%', U'&', U'\'', U'(', U')', U'*', U'+', U',', U'-', U'.', U'/',
    U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9', U':', U';', U'<', U'=', U'>', U'?',
    U'¡', U'A', U'B', U'C', U'D', U'E', U'F', U'G', U'H', U'I', U'J', U'K', U'L', U'M', U'N', U'O',
    U'P', U'Q', U'R', U'S', U'T', U'U', U'V', U'W', U'X', U'Y', U'Z', U'Ä', U'Ö', U'Ñ', U'Ü', U'§',
    U'¿', U'a', U'b', U'c', U'd', U'e', U'f', U'g', U'h', U'i', U'j', U'k', U'l', U'm', U'n', U'o',
    U'p', U'q', U'r', U's', U't', U'u', U'v', U'w', U'x', U'y', U'z', U'ä', U'ö', U'ñ', U'ü', U'à',
};

// TS 23.038 §6.2.1.1: the characters reached as ESC + septet (0x0A form
// feed, 0x14 ^, 0x28 {, 0x29 }, 0x2F \, 0x3C [, 0x3D ~, 0x3E ], 0x40 |,
// 0x65 €). Each costs two septets. (0x0D and 0x1B there are controls, not
// characters.)
constexpr std::array<char32_t, 10> extension_table{U'\f', U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'€'};

// The default alphabet by code point, for the ASCII range (the common case).
constexpr std::array<bool, 128> ascii_in_alphabet = [] {
  std::array<bool, 128> t{};
  for (char32_t c : default_alphabet)
    if (c < 128) t[c] = true;
  return t;
}();

}  // namespace

int gsm7_cost(char32_t cp) {
  if (cp < 128 && ascii_in_alphabet[cp]) return 1;
  for (char32_t c : extension_table)
    if (c == cp) return 2;
  if (cp < 128) return 0;
  for (char32_t c : default_alphabet)
    if (c == cp) return 1;
  return 0;
}

std::string shorten_middle(std::string_view name, std::size_t budget) {
  constexpr std::string_view dots = "...";
  if (gsm7_septets(name) <= budget) return std::string(name);
  if (budget <= dots.size()) return truncate_gsm7(name, budget);
  struct piece {
    std::size_t offset, length, septets;
  };
  std::vector<piece> chars;
  for (std::size_t i = 0; i < name.size();) {
    const auto d = utf8::decode(name, i);
    chars.push_back({i, d.length, d.valid && gsm7_cost(d.cp) == 2 ? 2u : 1u});
    i += d.length;
  }
  const std::size_t room = budget - dots.size();
  const std::size_t head_room = room / 3;
  std::size_t used = 0, k = 0;
  for (; k < chars.size() && used + chars[k].septets <= head_room; ++k) used += chars[k].septets;
  const std::size_t head_end = k < chars.size() ? chars[k].offset : name.size();
  std::size_t tail_start = name.size();
  for (std::size_t j = chars.size(); j > k && used + chars[j - 1].septets <= room; --j) {
    used += chars[j - 1].septets;
    tail_start = chars[j - 1].offset;
  }
  std::string out(name.substr(0, head_end));
  out += dots;
  out += name.substr(tail_start);
  return out;
}

}  // namespace detail

bool is_gsm7(std::string_view utf8) {
  for (std::size_t i = 0; i < utf8.size();) {
    const auto d = utf8::decode(utf8, i);
    if (!d.valid || detail::gsm7_cost(d.cp) == 0) return false;
    i += d.length;
  }
  return true;
}

// Characters outside the alphabet (which a caller should not pass) count one
// septet each, like the '?' to_gsm7 would put in their place.
std::size_t gsm7_septets(std::string_view utf8) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto d = utf8::decode(utf8, i);
    n += d.valid && detail::gsm7_cost(d.cp) == 2 ? 2 : 1;
    i += d.length;
  }
  return n;
}

std::string truncate_gsm7(std::string_view text, std::size_t max_septets) {
  if (gsm7_septets(text) <= max_septets) return std::string(text);
  constexpr std::string_view dots = "...";
  if (max_septets < dots.size()) return std::string(dots.substr(0, max_septets));
  // The longest prefix of whole characters that leaves room for the dots:
  // an extension character is two septets, so it is kept whole or not at all.
  const std::size_t budget = max_septets - dots.size();
  std::size_t used = 0, end = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    const std::size_t cost = d.valid && detail::gsm7_cost(d.cp) == 2 ? 2 : 1;
    if (used + cost > budget) break;
    used += cost;
    i += d.length;
    end = i;
  }
  // "Coffee ..." reads worse than "Coffee...".
  while (end > 0 && text[end - 1] == ' ') --end;
  std::string out(text.substr(0, end));
  out += dots;
  return out;
}

}  // namespace hrn::phone
