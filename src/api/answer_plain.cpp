#include "hrn/api/plain_text.hpp"

#include <string_view>

#include "hrn/api/payment_view.hpp"

namespace hrn::api {
namespace {

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629 §4:
// no overlong form, no surrogate, nothing above U+10FFFF) and its code
// point; 0 when the bytes there are not one.
std::size_t utf8_at(std::string_view text, std::size_t i, char32_t& cp) {
  const auto b = static_cast<unsigned char>(text[i]);
  const std::size_t n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (n == 0 || text.size() - i < n) return 0;
  cp = n == 1 ? b : n == 2 ? b & 0x1f : n == 3 ? b & 0x0f : b & 0x07;
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xc0) != 0x80) return 0;
    cp = cp << 6 | (c & 0x3f);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

// One line's value: C0 controls, DEL, C1 controls and the Unicode line and
// paragraph separators become spaces, so a value cannot start a new line
// (a gateway that splits on any of them would otherwise read a forged field).
// Bytes that are not well-formed UTF-8 become '?': the URI is the TXT
// record's bytes as the zone signed them, and a gateway that decodes
// leniently reads an overlong C0 8A as a line feed, one that decodes as
// Latin-1 a lone 85 as NEL. The body is then UTF-8, as its type says.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const auto n = utf8_at(text, i, cp);
    if (n == 0) {
      out += '?';
      ++i;
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029)
      out += ' ';  // NEL (U+0085) among the C1 controls
    else
      out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

void line(std::string& out, std::string_view key, std::string_view value) {
  out += key;
  out += ' ';
  out += one_line(value);
  out += '\n';
}

}  // namespace

std::string plain_answer(const payment_view& v) {
  std::string out;
  line(out, v.found ? "OK" : "NOT_FOUND", v.display);
  if (v.description) line(out, "DESC", *v.description);
  if (v.found) line(out, "AMOUNT", v.amount ? *v.amount : "any");
  if (!v.payer_note.empty()) line(out, "NOTE", v.payer_note);
  if (v.flag.flag)
    line(out, "FLAG", flag_words(*v.flag.flag));
  else if (v.found)
    line(out, "NOFLAG", v.flag.reason);
  if (v.flag.previous) line(out, "PREVFLAG", flag_words(*v.flag.previous));
  if (!v.offer.empty()) line(out, "OFFER", v.offer);
  if (v.found) line(out, "URI", v.uri);
  if (!v.sms.empty()) line(out, "SMS", v.sms);
  return out;
}

std::string plain_error(const error& e) {
  std::string out = "ERR ";
  out += one_line(e.code);
  out += ' ';
  out += one_line(e.message);
  out += '\n';
  return out;
}

}  // namespace hrn::api
