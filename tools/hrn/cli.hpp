#pragma once
// Shared conventions of the `hrn` subcommands:
//   exit 0  success, JSON on stdout
//   exit 1  the input is invalid (or the lookup failed), JSON error on stdout
//   exit 2  usage error, message on stderr

#include <string>
#include <string_view>

#include <boost/json/fwd.hpp>

#include "hrn/util/result.hpp"

namespace hrn::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_invalid = 1;
inline constexpr int exit_usage = 2;

// Pretty-printed JSON and a newline on stdout.
void print_json(const boost::json::value& v);
void print_json(const boost::json::object& o);

// Prints {"error": …} on stdout and returns exit_invalid.
int fail(const error& e);

// Prints "hrn COMMAND: MESSAGE" and a hint to --help on stderr; returns exit_usage.
int usage_error(std::string_view command, std::string_view message);

}  // namespace hrn::cli
