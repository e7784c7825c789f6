#include "hrn/api/html.hpp"

#include <cstdint>

#include "hrn/util/utf8.hpp"

namespace hrn::api::html {
namespace {

constexpr std::string_view replacement = "\xef\xbf\xbd";  // U+FFFD

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
    const auto d = utf8::decode(s, i);
    if (!d.valid) {
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
