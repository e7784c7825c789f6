#pragma once
// The query string of a request target (application/x-www-form-urlencoded,
// as browsers and curl --data-urlencode send it). Pure.

#include <optional>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::api {

// The path part of a target ("/v1/resolve?name=x" -> "/v1/resolve").
std::string_view target_path(std::string_view target);

// The decoded value of the first `key=` parameter, nullopt when absent.
// '+' is a space, %XX a byte; a bad escape or a NUL is a bad_request error.
// Values are bounded by the request's header limit, so no length check here.
result<std::optional<std::string>> query_param(std::string_view target, std::string_view key);

// "1", "true", "yes" (any case) are true; absent, "0", "false", "no" false;
// anything else is a bad_request error naming the parameter.
result<bool> query_flag(std::string_view target, std::string_view key);

}  // namespace hrn::api
