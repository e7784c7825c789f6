#pragma once
// The one place an error code becomes an HTTP status. Every module's codes
// are listed here by their constants; an unknown code is a 502 (the lookup
// failed for a reason the table does not know yet) and a test keeps every
// constant in the table.

#include <string_view>

namespace hrn::api {

// 200 for "ok" and "not_found" answers; for errors:
//   400 the name or the request is bad (name module codes, bad_json, ...)
//   429 rate_limited, busy
//   502 upstream or validation failure (dnssec_*, BIP 353 rules, socks_*, tls_*, upstream_error)
//   503 tor_not_ready (and tor start/control failures)
//   504 upstream_timeout
int http_status_for(std::string_view code);

}  // namespace hrn::api
