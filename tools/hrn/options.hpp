#pragma once
// Option parsing shared by the subcommands that take several options.

#include <string>
#include <string_view>
#include <variant>

#include <boost/program_options.hpp>

namespace hrn::cli {

// Parsed options, or the exit code to return (help printed, or a usage error reported).
std::variant<boost::program_options::variables_map, int> parse_options(
    std::string_view command, int argc, char** argv,
    const boost::program_options::options_description& visible,
    const boost::program_options::positional_options_description& positional,
    std::string_view help_text);

}  // namespace hrn::cli
