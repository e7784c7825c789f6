#pragma once
// Pieces the phone module's text functions share (not a public header).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "hrn/util/utf8.hpp"

namespace hrn::phone::detail {

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
