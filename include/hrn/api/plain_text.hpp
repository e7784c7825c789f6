#pragma once
// Plain-text answers for SMS/USSD gateways (GET /v1/resolve?format=text, or
// Accept: text/plain): one field per line, "KEY value", the first line the
// outcome. A gateway reads lines by their first word and ignores keys it
// does not know, so keys may be added, never renamed:
//
//   OK ₿alice@example.com            (NOT_FOUND ₿… when the name provably has none)
//   DESC Coffee beans                 (absent when the offer has no description)
//   AMOUNT 1000 sat                   ("any" when the payer chooses)
//   NOTE 1234                         (the short code, sent as invreq_payer_note;
//                                      the recipient sees it)
//   FLAG 840000 RED TEAL NAVY GOLD    (or NOFLAG <reason>)
//   PREVFLAG 839999 …                 (the block before, when kept)
//   OFFER lno1…
//   URI bitcoin:?lno=…
//   SMS Pay alice@example.com …       (≤ 160 GSM 03.38 characters)
//
// Errors: "ERR <code> <message>", with the HTTP status the JSON answer has.
// Values never hold a line break: control characters in a description (which
// the offer's issuer chose) become spaces.

#include <string>

#include "hrn/util/result.hpp"

namespace hrn::api {

struct payment_view;

std::string plain_answer(const payment_view& v);
std::string plain_error(const error& e);

inline constexpr const char* plain_content_type = "text/plain; charset=utf-8";

}  // namespace hrn::api
