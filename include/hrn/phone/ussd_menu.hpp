#pragma once
// The USSD payment menu as a state machine: a function of the session, the
// gateway's `text` and the time. Pure: the endpoint (api/ussd_endpoint.cpp)
// does what the menu asks for (check a name, look it up, issue a reference)
// and hands the outcome back.
//
//   dial        → CON  "Type the name, like alice@example.com" (no @ key: ALICE*EXAMPLE.COM)
//   name        → CON  short code, or 0 for none    (a bad name: CON, what is wrong, again)
//   code        → CON  name, "description", amount, flag words (or "No flag"):
//                      1 Confirm, 2 Cancel
//   1           → END  confirmed, with the reference the gateway's backend
//                      fetches the offer by (GET /v1/ussd/offer/REF)
//   2           → END  cancelled
//
// The gateway joins the inputs with '*', and '*' is also how a phone without
// '@' types a name. The menu keeps how much of `text` it has answered, so
// the new input is everything after that (and one '*'): a name typed as
// ALICE*EXAMPLE.COM arrives whole. A name may carry its code (`#1234`); the
// code screen is then skipped. A '#' at the very end of an input is dropped:
// some phones add one when the payer presses the send key.
//
// Every screen, "CON "/"END " included, is GSM 03.38 and at most 182
// septets (what one USSD message carries).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hrn::phone::ussd {

inline constexpr std::size_t max_screen_septets = 182;

struct reply {
  bool end = false;  // END: the dialogue is over; CON: a screen that waits for input
  std::string text;  // the screen without the CON/END prefix

  // "CON <text>" or "END <text>": the body the gateway expects.
  std::string body() const;
};

// What the payer is shown before confirming (from api::payment_view), and
// what the gateway's backend gets by reference once they confirm.
struct offer_choice {
  std::string name;                        // user@domain
  std::string offer;                       // lno1…
  std::string payer_note;                  // the short code; "" when none
  std::optional<std::string> amount;       // "1000 sat"; none: any amount
  std::optional<std::string> description;  // any UTF-8, from the offer
  std::optional<std::string> flag;         // "840000 RED TEAL NAVY GOLD"
};

enum class stage { name, code, confirm, done };

struct session {
  stage at = stage::name;
  std::uint64_t started = 0;      // unix seconds of the first call
  std::size_t answered = 0;       // bytes of `text` already answered
  std::size_t answered_hash = 0;  // std::hash of those bytes: a gateway that rewrites them is refused
  unsigned tries = 0;             // wrong inputs at this stage
  std::string name;               // user@domain, once the typed name parsed
  std::string code;               // the short code, "" when none
  std::optional<offer_choice> choice;  // after a lookup found an offer
  reply last;                     // sent again when the gateway repeats a call
};

struct menu_options {
  std::uint64_t session_seconds = 180;
  unsigned max_tries = 3;  // wrong inputs at one stage before the menu gives up
};

// What the endpoint does next.
enum class next { reply, check_name, look_up, issue_reference };

struct action {
  next what = next::reply;
  reply screen;       // next::reply
  std::string input;  // next::check_name: the name as typed
};

// One gateway call. `slot` holds the session the table has for this
// sessionId (empty: none, or expired); afterwards it holds what to store
// (empty: forget the session).
action step(std::optional<session>& slot, std::string_view text, std::uint64_t now, const menu_options& options);

// After next::check_name. `reason` empty: the name parsed as `name`
// (user@domain) with the short code `code` ("" if it had none): next::look_up
// when it had one, otherwise the code screen. Otherwise `reason` says what is
// wrong (a short sentence) and the name is asked for again, or the menu gives
// up after max_tries. At next::look_up, s.name and s.code are what to resolve.
action name_checked(session& s, std::string_view reason, std::string name, std::string code,
                    const menu_options& options);

// After next::look_up: the confirm screen.
reply offer_found(session& s, offer_choice choice);
// After next::look_up: END with the reason (a short sentence).
reply lookup_failed(session& s, std::string_view reason);
// After next::issue_reference: END with the reference.
reply confirmed(session& s, std::string_view reference);
// END for a dial the relay has no room for (every session slot holds a
// dialogue under way), or a confirmation it has no room to keep.
reply no_room();

// The reference the backend fetches the offer by: 16 characters of
// Crockford's base32 (0-9, A-Z without I L O U) from 10 random bytes (80
// bits: unguessable at any request rate).
inline constexpr std::size_t reference_chars = 16;
std::string make_reference(const std::uint8_t (&random)[10]);
bool is_reference(std::string_view text);

}  // namespace hrn::phone::ussd
