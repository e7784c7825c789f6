// hrn: inspect and resolve human-readable Bitcoin payment addresses.
#include <cstring>
#include <iostream>
#include <string_view>

#include "cli.hpp"
#include "commands.hpp"

namespace {

struct command {
  const char* name;
  int (*run)(int, char**);
  const char* summary;
};

constexpr command commands[] = {
    {"parse-name", hrn::cli::cmd_parse_name,
     "normalise a human-readable name (user@domain, USER*DOMAIN#code) and show its DNS name"},
    {"decode-offer", hrn::cli::cmd_decode_offer,
     "decode and validate a BOLT 12 offer (lno1...)"},
    {"resolve", hrn::cli::cmd_resolve,
     "look up a name's payment instructions (BIP 353, DNSSEC validated here)"},
    {"verify-proof", hrn::cli::cmd_verify_proof,
     "check an RFC 9102 DNSSEC proof offline, as a wallet would"},
    {"flag", hrn::cli::cmd_flag, "the node-id flag (four colours) for a node id and a block"},
};

void print_help(std::ostream& os) {
  os << "Usage: hrn COMMAND [OPTIONS] [ARGS]\n\n"
        "Inspect and resolve human-readable Bitcoin payment addresses (BIP 353) and\n"
        "BOLT 12 offers.\n\n"
        "Commands:\n";
  for (const auto& c : commands) {
    os << "  " << c.name;
    for (auto n = std::strlen(c.name); n < 16; ++n) os << ' ';
    os << c.summary << "\n";
  }
  os << "\nEvery command takes --help. Results are JSON on stdout.\n"
        "Exit codes: 0 success, 1 invalid input or failed lookup (JSON error on stdout),\n"
        "2 usage error (message on stderr).\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_help(std::cerr);
    return hrn::cli::exit_usage;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_help(std::cout);
    return hrn::cli::exit_ok;
  }
  for (const auto& c : commands)
    if (name == c.name) return c.run(argc - 1, argv + 1);
  std::cerr << "hrn: unknown command '" << name << "'\n\n";
  print_help(std::cerr);
  return hrn::cli::exit_usage;
}
