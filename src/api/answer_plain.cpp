#include "hrn/api/plain_text.hpp"

#include <string_view>

#include "hrn/api/payment_view.hpp"
#include "hrn/util/utf8.hpp"

namespace hrn::api {
namespace {

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
    const auto d = utf8::decode(text, i);
    if (!d.valid) {
      out += '?';
      ++i;
      continue;
    }
    if (d.cp < 0x20 || (d.cp >= 0x7f && d.cp <= 0x9f) || d.cp == 0x2028 || d.cp == 0x2029)
      out += ' ';  // NEL (U+0085) among the C1 controls
    else
      out.append(text.substr(i, d.length));
    i += d.length;
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
  line(out, v.found || v.lnurl ? "OK" : "NOT_FOUND", v.display);
  // A Lightning Address says so before anything else: a gateway that knows
  // only BIP 353 answers must not look for an OFFER that is not there.
  if (v.lnurl) line(out, "SOURCE", "lnurl");
  if (v.description) line(out, "DESC", *v.description);
  if (v.found || v.lnurl) line(out, "AMOUNT", v.amount ? *v.amount : "any");
  if (!v.payer_note.empty()) line(out, "NOTE", v.payer_note);
  if (v.flag.flag)
    line(out, "FLAG", flag_words(*v.flag.flag));
  else if (v.found || v.lnurl)
    line(out, "NOFLAG", v.flag.reason);
  if (v.flag.previous) line(out, "PREVFLAG", flag_words(*v.flag.previous));
  if (!v.offer.empty()) line(out, "OFFER", v.offer);
  if (v.found) line(out, "URI", v.uri);
  if (v.lnurl) {
    line(out, "CALLBACK", v.lnurl_callback);
    // Whether the invoice would come from the name's own domain.
    line(out, "CALLBACK_HOST",
         v.lnurl_callback_host + (v.lnurl_callback_domain_matches ? " same-domain" : " other-domain"));
  }
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
