#pragma once
// UTF-8, strictly (RFC 3629 §4 and Unicode §3.9 Table 3-7: no overlong forms,
// no surrogates, nothing above U+10FFFF). Text from strangers (offer
// descriptions, TXT records, names typed anywhere) is checked with this one
// decoder, so every view agrees on what is and is not a character. Pure.

#include <cstddef>
#include <string>
#include <string_view>

namespace hrn::utf8 {

struct decoded {
  char32_t cp = 0;
  // Bytes the character takes; when not `valid`, the maximal ill-formed
  // subpart as Unicode §3.9 (U+FFFD substitution) counts it (at least 1), so
  // a caller may replace one broken character once, or step byte by byte.
  std::size_t length = 0;
  bool valid = false;
};

// The character starting at s[pos] (pos < s.size()).
decoded decode(std::string_view s, std::size_t pos);

// True when the whole of `s` is well-formed UTF-8.
bool is_valid(std::string_view s);

// Appends the encoding of `cp` (a Unicode scalar value).
void append(std::string& out, char32_t cp);

}  // namespace hrn::utf8
