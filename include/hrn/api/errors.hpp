#pragma once
// Stable error codes of the HTTP API itself: requests as a whole, routing,
// limits. They appear as `error.code` in responses, so clients match on them:
// never rename one. Lookup errors have their own codes (hrn/resolve/errors.hpp,
// hrn/dns/errors.hpp and the transports' headers).

#include <string_view>

namespace hrn::api::errc {

// Routing.
inline constexpr std::string_view not_found = "not_found";  // no such endpoint (404)
inline constexpr std::string_view method_not_allowed = "method_not_allowed";
// The request line or header is not HTTP, or a query it cannot read.
inline constexpr std::string_view bad_request = "bad_request";
// The body of POST /v1/resolve is not JSON, or not an object.
inline constexpr std::string_view bad_json = "bad_json";
// More names in one POST than the batch limit (32).
inline constexpr std::string_view too_many_names = "too_many_names";
// GET /v1/resolve without ?name=.
inline constexpr std::string_view missing_name = "missing_name";
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
// A DoH request whose body is not application/dns-message (415, RFC 8484 §4.1).
inline constexpr std::string_view unsupported_media_type = "unsupported_media_type";
// A DoH request without a DNS message that parses (400, RFC 8484 §4.2.1).
inline constexpr std::string_view bad_dns_message = "bad_dns_message";
// The client asked more often than its rate limit allows (429, with Retry-After).
inline constexpr std::string_view rate_limited = "rate_limited";

}  // namespace hrn::api::errc
