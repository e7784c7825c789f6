#pragma once
// The callback a USSD gateway sends for every screen (the convention of the
// common gateway APIs, Africa's Talking style): an
// application/x-www-form-urlencoded POST body with `sessionId`,
// `serviceCode`, `phoneNumber` and `text`, the payer's inputs so far joined
// by '*' ("" on the first call). Outside bytes: every size is capped. Pure.
//
// The phone number is never decoded or copied: the parser skips its value,
// and the result has no field for it, so nothing downstream can store or
// log it by mistake.

#include <cstddef>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::phone {

struct ussd_request {
  std::string session_id;  // the gateway's id of this dialogue, 1..max_session_id_bytes
  std::string text;        // inputs so far joined by '*'; "" on the first call
};

// Caps. A real body is a few hundred bytes; these leave room for any
// gateway's extra fields and for a payer who retries a long name a few times.
inline constexpr std::size_t max_form_bytes = 8192;
inline constexpr std::size_t max_form_fields = 32;
inline constexpr std::size_t max_session_id_bytes = 128;
inline constexpr std::size_t max_text_bytes = 1024;

// Errors: errc::ussd_bad_form (a bad %-escape, a NUL, a field over its cap,
// sessionId or text given twice, more than max_form_fields fields, no
// sessionId). Unknown fields are skipped; '+' is a space.
result<ussd_request> parse_ussd_form(std::string_view body);

}  // namespace hrn::phone
