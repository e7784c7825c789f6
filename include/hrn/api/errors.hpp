#pragma once
// Stable error codes of the HTTP layer. They appear as `error.code` in the
// bodies of the HTTP API's refusals, so clients match on them: never rename
// one. Lookup errors have their own codes (hrn/resolve/errors.hpp and the
// transports' headers).

#include <string_view>

namespace hrn::api::errc {

// The request line or header is not HTTP.
inline constexpr std::string_view bad_request = "bad_request";
// A request body came chunked; the API wants a Content-Length.
inline constexpr std::string_view length_required = "length_required";
// The body is larger than http_server_limits::max_body_bytes (413).
inline constexpr std::string_view body_too_large = "body_too_large";
// The header is larger than max_header_bytes or has more than
// max_header_fields fields (431).
inline constexpr std::string_view headers_too_large = "headers_too_large";
// The server holds max_connections connections, or this client address its
// per-address share of them (503, then the connection is closed).
inline constexpr std::string_view too_many_connections = "too_many_connections";
// The client asked more often than its rate limit allows (429, with Retry-After).
inline constexpr std::string_view rate_limited = "rate_limited";

}  // namespace hrn::api::errc
