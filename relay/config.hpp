#pragma once
// The daemon's configuration: one struct, parsed once at start from the
// command line and an optional --config file, then passed down explicitly.

#include <optional>
#include <string>
#include <variant>

#include "hrn/util/host_port.hpp"

namespace hrn::relay {

struct config {
  host_port listen{"127.0.0.1", 8080};
  std::string log_level = "info";
  std::string config_file;  // "" when none was given
  std::string state_dir;    // onion key, managed tor's data

  // How the relay reaches the world. Exactly one of:
  //  - direct: no Tor at all (tests and diagnostics, loud warning)
  //  - tor_socks (+ optional tor_control): an existing tor
  //  - neither: the relay runs its own tor (managed)
  bool direct = false;
  std::optional<host_port> tor_socks;
  std::optional<host_port> tor_control;
  std::string tor_control_password;
  bool onion_service = false;
  std::string tor_binary = "tor";
  std::string tor_torrc_append;  // file of extra torrc lines for the managed tor
};

// What the command line asked for: run with a config, or print and exit.
struct exit_request {
  int code;
  std::string text;  // printed on stdout when code is 0, on stderr otherwise
};

std::variant<config, exit_request> parse_command_line(int argc, char** argv);

// $HOME/.local/state/hrn-relay, or /var/lib/hrn-relay without a HOME.
std::string default_state_dir();

}  // namespace hrn::relay
