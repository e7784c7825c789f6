// application/x-www-form-urlencoded as HTML's URL-encoded form parser reads
// it (split at '&', then at the first '=', '+' is a space, %XX a byte), with
// every size capped before anything is copied.
#include "hrn/phone/errors.hpp"
#include "hrn/phone/ussd_form.hpp"

namespace hrn::phone {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

error bad_form(std::string message) { return make_error(errc::ussd_bad_form, std::move(message)); }

// The decoded bytes of one key or value, at most `cap` of them. A decoded
// NUL is refused: no field of the protocol holds one, and C-string
// consumers downstream would cut at it.
result<std::string> decode(std::string_view raw, std::size_t cap, std::string_view what) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      if (raw.size() - i < 3) return bad_form("a %-escape is cut short");
      const int hi = hex_value(raw[i + 1]), lo = hex_value(raw[i + 2]);
      if (hi < 0 || lo < 0) return bad_form("a %-escape is not two hex digits");
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return bad_form("a field holds a NUL");
    if (out.size() == cap) return bad_form(std::string(what) + " is longer than " + std::to_string(cap) + " bytes");
    out += c;
  }
  return out;
}

}  // namespace

result<ussd_request> parse_ussd_form(std::string_view body) {
  if (body.size() > max_form_bytes)
    return bad_form("the form is longer than " + std::to_string(max_form_bytes) + " bytes");
  ussd_request request;
  bool have_session = false, have_text = false;
  std::size_t fields = 0;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    if (++fields > max_form_fields) return bad_form("the form has too many fields");
    const auto eq = pair.find('=');
    const auto raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    // Field names are short; anything longer is no field of ours.
    auto key = decode(pair.substr(0, eq), 32, "a field name");
    if (!key) continue;
    if (*key == "sessionId") {
      if (have_session) return bad_form("sessionId is given twice");
      auto v = decode(raw_value, max_session_id_bytes, "sessionId");
      if (!v) return std::move(v).err();
      request.session_id = std::move(*v);
      have_session = true;
    } else if (*key == "text") {
      if (have_text) return bad_form("text is given twice");
      auto v = decode(raw_value, max_text_bytes, "text");
      if (!v) return std::move(v).err();
      request.text = std::move(*v);
      have_text = true;
    }
    // Every other field (phoneNumber, serviceCode, networkCode...) is
    // skipped without decoding its value: the menu needs none of them, and
    // the phone number must not be copied anywhere.
  }
  if (!have_session || request.session_id.empty()) return bad_form("sessionId is missing");
  return request;
}

}  // namespace hrn::phone
