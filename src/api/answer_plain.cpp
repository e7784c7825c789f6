#include "hrn/api/plain_text.hpp"

#include <string_view>

#include "hrn/api/payment_view.hpp"

namespace hrn::api {
namespace {

// One line's value: C0 controls, DEL, C1 controls and the Unicode line and
// paragraph separators become spaces, so a value cannot start a new line
// (a gateway that splits on any of them would otherwise read a forged field).
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      out += ' ';
    } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      out += ' ';  // U+0080–U+009F (NEL among them)
      ++i;
    } else if (c == 0xe2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xa8 || static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
      out += ' ';  // U+2028, U+2029
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
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
