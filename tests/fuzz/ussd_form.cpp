// Fuzzes the USSD gateway's form parser with arbitrary bytes, then drives the
// menu with the text it yields. Beyond "no crash, no UB": what parses keeps
// within the caps, never holds the phone number's value, and every screen
// the menu makes is GSM 03.38 within 182 septets.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "hrn/phone/sms.hpp"
#include "hrn/phone/ussd_form.hpp"
#include "hrn/phone/ussd_menu.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

void check_screen(const hrn::phone::ussd::reply& r) {
  const auto body = r.body();
  require(hrn::phone::is_gsm7(body));
  require(hrn::phone::gsm7_septets(body) <= hrn::phone::ussd::max_screen_septets);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ussd = hrn::phone::ussd;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto form = hrn::phone::parse_ussd_form(input);
  if (!form) {
    require(!form.err().code.empty() && !form.err().message.empty());
    return 0;
  }
  require(!form->session_id.empty() && form->session_id.size() <= hrn::phone::max_session_id_bytes);
  require(form->text.size() <= hrn::phone::max_text_bytes);
  // Walk the menu through every prefix of the text at its '*' boundaries, as
  // a gateway would send them, answering each request the menu makes with a
  // fixed outcome that uses the text itself (hostile descriptions included).
  std::optional<ussd::session> slot;
  ussd::menu_options options;
  std::uint64_t now = 1'800'000'000;
  const std::string& text = form->text;
  for (std::size_t end = 0;; end = text.find('*', end + 1)) {
    const auto prefix = std::string_view(text).substr(0, end == std::string::npos ? text.size() : end);
    auto a = ussd::step(slot, prefix, now++, options);
    if (a.what == ussd::next::check_name)
      a = ussd::name_checked(*slot, a.input.size() % 2 ? "bad" : "", a.input, a.input.size() % 3 ? "" : "c0de",
                             options);
    if (a.what == ussd::next::look_up)
      check_screen(ussd::offer_found(*slot, {a.input.empty() ? text : a.input, "lno1", slot->code, text, text, text}));
    else if (a.what == ussd::next::issue_reference)
      check_screen(ussd::confirmed(*slot, "0123456789ABCDEF"));
    else
      check_screen(a.screen);
    if (end == std::string::npos) break;
  }
  return 0;
}
