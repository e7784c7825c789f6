#pragma once
// The daemon's configuration: one struct, parsed once at start from the
// command line and an optional --config file, then passed down explicitly.

#include <string>
#include <variant>

#include "hrn/util/host_port.hpp"

namespace hrn::relay {

struct config {
  host_port listen{"127.0.0.1", 8080};
  std::string log_level = "info";
  std::string config_file;  // "" when none was given
};

// What the command line asked for: run with a config, or print and exit.
struct exit_request {
  int code;
  std::string text;  // printed on stdout when code is 0, on stderr otherwise
};

std::variant<config, exit_request> parse_command_line(int argc, char** argv);

}  // namespace hrn::relay
