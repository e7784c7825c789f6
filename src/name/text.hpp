#pragma once
// Code-point level helpers for name parsing (private to the name module).

#include <optional>
#include <string>
#include <string_view>

namespace hrn::name::detail {

inline constexpr char32_t bitcoin_sign = U'\u20BF';  // ₿

// Strict UTF-8 (RFC 3629 §3): no overlong forms, no surrogates, nothing above
// U+10FFFF. nullopt on any invalid sequence.
std::optional<std::u32string> decode_utf8(std::string_view text);

// Maps what UTS #46 maps to ASCII before we look for separators: full-width
// ASCII (U+FF01–U+FF5E) and the ideographic full stops. Everything else is
// returned unchanged.
char32_t fold_width(char32_t cp);

// Trimmed at both ends, rejected inside: Unicode White_Space plus the
// invisible U+200B and U+FEFF that copy and paste carries along.
bool is_space(char32_t cp);
// C0 and C1 controls and DEL (white space controls are caught by is_space first).
bool is_control(char32_t cp);

bool is_ascii_alnum(char32_t cp);
char to_lower_ascii(char c);

// A character for an error message: "'%'" for printable ASCII, "U+00A0"
// otherwise (never raw bytes, so messages stay valid one-line UTF-8).
std::string describe(char32_t cp);

}  // namespace hrn::name::detail
