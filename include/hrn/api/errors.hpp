#pragma once
// Stable error codes of the HTTP API itself (requests as a whole, limits).
// Clients match on them: never rename one.

#include <string_view>

namespace hrn::api::errc {
// Routing.
inline constexpr std::string_view not_found = "not_found";  // no such endpoint
inline constexpr std::string_view method_not_allowed = "method_not_allowed";
// A request the API cannot read: bad query string, bad JSON, wrong shape.
inline constexpr std::string_view bad_request = "bad_request";
inline constexpr std::string_view bad_json = "bad_json";
inline constexpr std::string_view too_many_names = "too_many_names";
inline constexpr std::string_view missing_name = "missing_name";
// Limits.
inline constexpr std::string_view rate_limited = "rate_limited";
inline constexpr std::string_view busy = "busy";
}  // namespace hrn::api::errc
