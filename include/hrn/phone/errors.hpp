#pragma once
// Stable error codes of the phone adapters (USSD). They appear as
// `error.code` in responses, so gateways match on them: never rename one.

#include <string_view>

namespace hrn::phone::errc {

// The POST body of /v1/ussd is not a form the menu can read: a bad
// %-escape, a NUL, a field or body over its size cap, a field given twice,
// too many fields, or no sessionId (400).
inline constexpr std::string_view ussd_bad_form = "ussd_bad_form";
// GET /v1/ussd/offer/REF: no offer has that reference, or it is not a
// reference at all (404).
inline constexpr std::string_view ussd_offer_unknown = "ussd_offer_unknown";
// GET /v1/ussd/offer/REF: the reference was real, but its minutes are over:
// the payer dials again (404).
inline constexpr std::string_view ussd_offer_expired = "ussd_offer_expired";

}  // namespace hrn::phone::errc
