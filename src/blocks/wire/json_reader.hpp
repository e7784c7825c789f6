#pragma once
// Boost.JSON with the limits every reply from outside gets: a size cap
// checked before parsing and a nesting limit, so no reply costs more than
// its bounded bytes. (Not a public header.)

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/value.hpp>

#include "hrn/util/result.hpp"

namespace hrn::blocks::detail {

// Errors reply_too_large, bad_reply (`what` names the reply in the message).
result<boost::json::value> parse_bounded_json(std::string_view body, std::string_view what);

// A JSON integer as int64 (a uint64 above INT64_MAX saturates, which every
// range check then refuses); nullopt for anything else, 1.5 and "7" included.
std::optional<std::int64_t> as_integer(const boost::json::value* v);

}  // namespace hrn::blocks::detail
