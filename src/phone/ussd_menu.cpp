// The USSD menu's transitions (hrn/phone/ussd_menu.hpp).
#include "hrn/phone/ussd_menu.hpp"

#include <functional>

#include "hrn/phone/sms.hpp"
#include "text.hpp"

namespace hrn::phone::ussd {
namespace {

// Room for a screen's text after the 4 septets of "CON " or "END ".
constexpr std::size_t screen_room = max_screen_septets - 4;

constexpr std::string_view welcome =
    "Pay a Lightning address\nType the name, like alice@example.com\nNo @ key? Type * instead: ALICE*EXAMPLE.COM";
constexpr std::string_view ask_name_again = "Type the name again, like alice@example.com";
constexpr std::string_view ask_code = "Short code from the payee (letters or digits), or 0 if none";
constexpr std::string_view bad_code = "A short code is 1 to 16 letters or digits.\nType it again, or 0 if none";
constexpr std::string_view confirm_hint = "Reply 1 to confirm or 2 to cancel.\n";
constexpr std::string_view too_many_tries = "Too many tries. Dial again.";
constexpr std::string_view timed_out = "Session timed out, dial again.";
constexpr std::string_view ended = "This session has ended. Dial again.";
constexpr std::string_view out_of_step = "The session got out of step. Dial again.";
constexpr std::string_view cancelled = "Cancelled. Nothing will be paid.";
constexpr std::string_view busy = "The service is busy. Dial again in a few minutes.";

std::size_t hash_of(std::string_view text) { return std::hash<std::string_view>{}(text); }

// Every screen goes through here: GSM only, and within one message.
reply screen(bool end, std::string text) {
  if (!is_gsm7(text)) text = to_gsm7(text);
  return {end, truncate_gsm7(text, screen_room)};
}

action show(session& s, reply r) {
  if (r.end) s.at = stage::done;
  s.last = r;
  return {next::reply, std::move(r), {}};
}

// A wrong input at the current stage: the screen again with what was wrong,
// or the end after max_tries.
action wrong(session& s, std::string text, const menu_options& options) {
  if (++s.tries >= options.max_tries) return show(s, screen(true, std::string(too_many_tries)));
  return show(s, screen(false, std::move(text)));
}

// The input without spaces at its ends and without the '#' a phone's send
// key may leave at its end.
std::string_view tidy(std::string_view input) {
  while (!input.empty() && (input.back() == ' ' || input.back() == '#')) input.remove_suffix(1);
  while (!input.empty() && input.front() == ' ') input.remove_prefix(1);
  return input;
}

// BOLT 12 payer notes from a keypad: what name::parse accepts after '#'.
bool is_short_code(std::string_view code) {
  if (code.empty() || code.size() > 16) return false;
  for (char c : code)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Name, amount, flag words and note whole (the name shortened in its middle
// only if it alone would not fit); the description gets what is left, in
// quotes. The domain writes the description: unquoted, "Flag 840000 RED TEAL
// NAVY GOLD" (the payee's real flag at this block, from their public node id)
// on an offer without a flag of its own would read as the relay's flag line,
// the very thing the payer checks. So the description is quoted, and a
// missing flag is said.
std::string confirm_screen(const offer_choice& c, bool hint) {
  std::string rest = "\n";
  rest += c.amount ? detail::gsm_field(*c.amount) : std::string("Any amount");
  if (c.flag && !detail::gsm_field(*c.flag).empty()) {
    rest += "\nFlag ";
    rest += detail::gsm_field(*c.flag);
  } else {
    rest += "\nNo flag";
  }
  if (!c.payer_note.empty()) {
    rest += "\nNote ";
    rest += detail::gsm_field(c.payer_note);
  }
  rest += "\n1 Confirm\n2 Cancel";
  std::string head(hint ? confirm_hint : "");
  head += "Pay ";
  const std::size_t fixed = gsm7_septets(head) + gsm7_septets(rest);
  std::string name = detail::gsm_field(c.name);
  if (fixed < screen_room) name = detail::shorten_middle(name, screen_room - fixed);
  std::string text = head + name;
  const auto description = c.description ? detail::gsm_field(*c.description) : std::string();
  const std::size_t used = gsm7_septets(text) + gsm7_septets(rest) + 3;  // its line break and quotes
  constexpr std::size_t min_description = 8;
  if (!description.empty() && used < screen_room) {
    const auto room = screen_room - used;
    if (gsm7_septets(description) <= room || room >= min_description) {
      text += "\n\"";
      text += truncate_gsm7(description, room);
      text += '"';
    }
  }
  text += rest;
  return text;
}

}  // namespace

std::string reply::body() const { return std::string(end ? "END " : "CON ") + text; }

action step(std::optional<session>& slot, std::string_view text, std::uint64_t now, const menu_options& options) {
  if (!slot) {
    // No session: a first call starts one; a later one belongs to a session
    // that expired or was pushed out of the table.
    if (!text.empty()) return {next::reply, screen(true, std::string(timed_out)), {}};
    slot.emplace();
    slot->started = now;
    slot->answered_hash = hash_of("");
    return show(*slot, screen(false, std::string(welcome)));
  }
  session& s = *slot;
  if (now >= s.started + options.session_seconds) {
    slot.reset();
    return {next::reply, screen(true, std::string(timed_out)), {}};
  }
  // The gateway sent the same call again (a retry): the same answer.
  if (text.size() == s.answered && hash_of(text) == s.answered_hash) return {next::reply, s.last, {}};
  if (text.size() <= s.answered || hash_of(text.substr(0, s.answered)) != s.answered_hash ||
      (s.answered > 0 && text[s.answered] != '*')) {
    slot.reset();
    return {next::reply, screen(true, std::string(out_of_step)), {}};
  }
  const auto input = tidy(s.answered == 0 ? text : text.substr(s.answered + 1));
  s.answered = text.size();
  s.answered_hash = hash_of(text);
  switch (s.at) {
    case stage::name:
      if (input.empty()) return name_checked(s, "Nothing was typed", {}, {}, options);
      return {next::check_name, {}, std::string(input)};
    case stage::code: {
      auto code = input;
      if (!code.empty() && code.front() == '#') code.remove_prefix(1);
      if (code == "0") code = {};
      else if (!is_short_code(code)) return wrong(s, std::string(bad_code), options);
      s.code = lower(code);
      return {next::look_up, {}, {}};
    }
    case stage::confirm:
      if (input == "1") return {next::issue_reference, {}, {}};
      if (input == "2") return show(s, screen(true, std::string(cancelled)));
      return wrong(s, s.choice ? confirm_screen(*s.choice, true) : std::string(confirm_hint), options);
    case stage::done:
      break;
  }
  return show(s, screen(true, std::string(ended)));
}

action name_checked(session& s, std::string_view reason, std::string name, std::string code,
                    const menu_options& options) {
  if (!reason.empty()) {
    std::string text(reason);
    text += ".\n";
    text += ask_name_again;
    return wrong(s, std::move(text), options);
  }
  s.name = std::move(name);
  s.code = std::move(code);
  s.tries = 0;
  if (!s.code.empty()) return {next::look_up, {}, {}};
  s.at = stage::code;
  return show(s, screen(false, std::string(ask_code)));
}

reply offer_found(session& s, offer_choice choice) {
  s.at = stage::confirm;
  s.tries = 0;
  auto text = confirm_screen(choice, false);
  s.choice = std::move(choice);
  return show(s, screen(false, std::move(text))).screen;
}

reply lookup_failed(session& s, std::string_view reason) {
  std::string text = "Could not pay ";
  text += detail::shorten_middle(detail::gsm_field(s.name), 80);
  text += ": ";
  text += reason;
  text += '.';
  return show(s, screen(true, std::move(text))).screen;
}

reply confirmed(session& s, std::string_view reference) {
  // The reference first, so no cut can touch it.
  std::string text = "Confirmed. Ref ";
  text += reference;
  text += "\nPaying ";
  text += detail::shorten_middle(detail::gsm_field(s.name), 100);
  if (s.choice && s.choice->amount) {
    text += ' ';
    text += detail::gsm_field(*s.choice->amount);
  }
  text += '.';
  return show(s, screen(true, std::move(text))).screen;
}

reply no_room() { return screen(true, std::string(busy)); }

namespace {
constexpr std::string_view crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
}

std::string make_reference(const std::uint8_t (&random)[10]) {
  std::string out;
  for (std::size_t i = 0; i < reference_chars; ++i) {
    // Bits 5i .. 5i+4 of the 80, most significant first.
    const std::size_t bit = i * 5;
    const unsigned pair = (static_cast<unsigned>(random[bit / 8]) << 8) | (bit / 8 + 1 < 10 ? random[bit / 8 + 1] : 0u);
    out += crockford[(pair >> (11 - bit % 8)) & 0x1F];
  }
  return out;
}

bool is_reference(std::string_view text) {
  if (text.size() != reference_chars) return false;
  for (char c : text)
    if (crockford.find(c) == std::string_view::npos) return false;
  return true;
}

}  // namespace hrn::phone::ussd
