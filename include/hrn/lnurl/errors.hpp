#pragma once
// Stable error codes of the Lightning Address fallback (LUD-16 over LUD-06
// payRequest). They appear as `error.code` in the CLI and the HTTP API, so
// other programs match on them: never rename one. Control flow compares only
// these constants.

#include <string_view>

namespace hrn::lnurl::errc {

// --- the pay request's bytes (pure parser, lnurl/pay_request.hpp) ---------
// The body is over max_body_bytes.
inline constexpr std::string_view lnurl_too_large = "lnurl_too_large";
// The body is not strict UTF-8, not JSON, or not a JSON object.
inline constexpr std::string_view lnurl_bad_json = "lnurl_bad_json";
// `tag` is missing or not "payRequest" (LUD-06).
inline constexpr std::string_view lnurl_bad_tag = "lnurl_bad_tag";
// `callback` is missing, not an https URL, or malformed.
inline constexpr std::string_view lnurl_bad_callback = "lnurl_bad_callback";
// `minSendable`/`maxSendable` missing, not integers, or not 1 <= min <= max;
// `commentAllowed` not a non-negative integer.
inline constexpr std::string_view lnurl_bad_amounts = "lnurl_bad_amounts";
// `metadata` is not a JSON string holding an array of [type, value] pairs
// with exactly one text/plain entry, or is over its limits.
inline constexpr std::string_view lnurl_bad_metadata = "lnurl_bad_metadata";
// The service answered LUD-06's error shape {"status":"ERROR","reason":…}:
// the resolver reads this as "no Lightning Address here" (not_found).
inline constexpr std::string_view lnurl_service_error = "lnurl_service_error";
// The user part cannot be a Lightning Address (LUD-16 allows a-z0-9-_.+):
// nothing is fetched, the name is not found.
inline constexpr std::string_view lnurl_bad_user = "lnurl_bad_user";

// --- the fetch (resolve/lightning_address) --------------------------------
// The web server answered a redirect (none is followed), or a status other
// than 200, 404 and 410 with a body that is not JSON.
inline constexpr std::string_view lnurl_http_status = "lnurl_http_status";
// The connection or the exchange failed (refused, reset, closed early).
inline constexpr std::string_view lnurl_unreachable = "lnurl_unreachable";
// No complete reply before the lookup's deadline.
inline constexpr std::string_view lnurl_timeout = "lnurl_timeout";
// --direct: the fallback would have to resolve the domain here, which the
// relay never does; it needs Tor.
inline constexpr std::string_view lnurl_needs_tor = "lnurl_needs_tor";

}  // namespace hrn::lnurl::errc
