#pragma once
// Pieces the phone module's text functions share (not a public header).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hrn::phone::detail {

// One step of UTF-8 decoding at `pos`: a code point, or an invalid sequence
// (`valid` false) of `length` bytes, the maximal ill-formed subpart as
// Unicode §3.9 (U+FFFD substitution) counts it, so one broken character
// becomes one replacement, never one per byte of it.
struct decoded {
  char32_t cp = 0;
  std::size_t length = 1;
  bool valid = false;
};
decoded decode_utf8(std::string_view s, std::size_t pos);

void append_utf8(std::string& out, char32_t cp);

// Septets a code point takes in GSM 03.38: 1 in the default alphabet, 2 in
// its extension table, 0 when the alphabet lacks it.
int gsm7_cost(char32_t cp);

// to_gsm7(text) without white space at its ends: a field of a screen.
std::string gsm_field(std::string_view text);

// `text` (GSM) cut to `budget` septets by dropping its middle for "...":
// the end of a name is its domain (who is paid) and the start its user, so
// both ends stay. Only names near the 230-character limit ever need it.
std::string shorten_middle(std::string_view text, std::size_t budget);

// General_Category M (combining_marks.cpp).
bool is_combining_mark(char32_t cp);

// The GSM 03.38 text that stands for a character the alphabet lacks: the
// letter without its diacritic, a transliteration, an ASCII form of
// typographic punctuation; "" for a character that is best dropped (the
// Cyrillic hard and soft signs); nullopt when there is none (emoji, CJK...).
std::optional<std::string_view> transliterate(char32_t cp);

}  // namespace hrn::phone::detail
