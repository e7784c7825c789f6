#include "config.hpp"

#include <fstream>
#include <sstream>

#include <boost/program_options.hpp>

namespace hrn::relay {
namespace po = boost::program_options;

namespace {

constexpr const char* intro =
    "Usage: hrn-relay [OPTIONS]\n\n"
    "Resolves human-readable Bitcoin payment addresses (user@domain, or USER*DOMAIN#code\n"
    "from a feature phone) into BOLT 12 offers for thin clients, over an HTTP API.\n\n"
    "This build serves GET /healthz and GET /metrics; name resolution (BIP 353 over\n"
    "DNSSEC, through Tor) is not part of it yet and /healthz says so.\n\n"
    "Every option can also be written in the --config file as `name = value`.\n";

po::options_description describe(config& c) {
  po::options_description d("Options");
  d.add_options()
      ("help,h", "print this help and exit")
      ("version", "print the version and exit")
      ("config", po::value<std::string>(&c.config_file)->value_name("FILE"),
       "read options from FILE (`name = value` lines, # comments); the command line wins")
      ("listen", po::value<std::string>()->value_name("HOST:PORT")->default_value("127.0.0.1:8080"),
       "address of the HTTP API; HOST must be an IP address")
      ("log-level", po::value<std::string>(&c.log_level)->value_name("LEVEL")->default_value("info"),
       "trace, debug, info, warn, error or off (names are only ever logged at debug)");
  return d;
}

bool known_level(const std::string& l) {
  for (auto* k : {"trace", "debug", "info", "warn", "error", "critical", "off"})
    if (l == k) return true;
  return false;
}

}  // namespace

std::variant<config, exit_request> parse_command_line(int argc, char** argv) {
  config c;
  auto options = describe(c);
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    if (vm.count("help")) {
      std::ostringstream os;
      os << intro << "\n" << options;
      return exit_request{0, os.str()};
    }
    if (vm.count("version")) return exit_request{0, "hrn-relay " HRN_VERSION "\n"};
    if (vm.count("config")) {
      const auto path = vm["config"].as<std::string>();
      std::ifstream in(path);
      if (!in) return exit_request{2, "hrn-relay: cannot read config file '" + path + "'\n"};
      po::store(po::parse_config_file(in, options), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return exit_request{2, std::string("hrn-relay: ") + e.what() + "\nTry 'hrn-relay --help'.\n"};
  }
  auto listen = parse_host_port(vm["listen"].as<std::string>());
  if (!listen) return exit_request{2, "hrn-relay: --listen " + listen.err().message + "\n"};
  c.listen = *listen;
  if (!known_level(c.log_level))
    return exit_request{2, "hrn-relay: --log-level '" + c.log_level +
                               "' is not one of trace, debug, info, warn, error, off\n"};
  return c;
}

}  // namespace hrn::relay
