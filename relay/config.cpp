#include "config.hpp"

#include <cstdlib>
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
    "This build connects to Tor (its own managed tor, or an existing one), can publish\n"
    "its API as a v3 onion service, and serves GET /healthz and GET /metrics; answering\n"
    "lookups over HTTP is not part of it yet and /healthz says so (`hrn resolve` does\n"
    "lookups from the command line).\n\n"
    "Tor: without --tor-socks the relay starts its own tor (the `tor` program must be\n"
    "installed) with its data in --state-dir; with --tor-socks it uses an existing tor,\n"
    "and with --tor-control also follows its bootstrap and can publish the onion service.\n\n"
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
       "trace, debug, info, warn, error or off (names are only ever logged at debug)")
      ("state-dir", po::value<std::string>(&c.state_dir)->value_name("DIR"),
       "onion service key and managed tor's data (default $HOME/.local/state/hrn-relay)")
      ("tor-socks", po::value<std::string>()->value_name("HOST:PORT"),
       "an existing tor's SocksPort (IP address); without it the relay runs its own tor")
      ("tor-control", po::value<std::string>()->value_name("HOST:PORT"),
       "that tor's ControlPort (IP address): bootstrap state and the onion service")
      ("tor-control-password", po::value<std::string>(&c.tor_control_password)->value_name("PASSWORD"),
       "for a control port with HashedControlPassword (cookie authentication needs none)")
      ("onion-service", po::bool_switch(&c.onion_service),
       "publish the API as a v3 onion service (same address across restarts: key in --state-dir)")
      ("tor-binary", po::value<std::string>(&c.tor_binary)->value_name("PATH")->default_value("tor"),
       "the tor program the managed tor runs")
      ("tor-torrc-append", po::value<std::string>(&c.tor_torrc_append)->value_name("FILE"),
       "extra torrc lines for the managed tor (e.g. to join a private test network)")
      ("direct", po::bool_switch(&c.direct),
       "no Tor at all: upstreams see this machine's address (tests and diagnostics only)");
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
  auto ip_option = [&](const char* name, std::optional<host_port>& out) -> std::optional<exit_request> {
    if (!vm.count(name)) return std::nullopt;
    auto hp = parse_host_port(vm[name].as<std::string>());
    if (!hp) return exit_request{2, std::string("hrn-relay: --") + name + " " + hp.err().message + "\n"};
    if (!hp->is_ip_literal())
      return exit_request{2, std::string("hrn-relay: --") + name +
                                 " needs an IP address: the relay never resolves names itself\n"};
    out = *hp;
    return std::nullopt;
  };
  if (auto e = ip_option("tor-socks", c.tor_socks)) return *e;
  if (auto e = ip_option("tor-control", c.tor_control)) return *e;
  if (c.direct && (c.tor_socks || c.tor_control || c.onion_service))
    return exit_request{2, "hrn-relay: --direct bypasses Tor; it cannot go with --tor-socks, "
                           "--tor-control or --onion-service\n"};
  if (c.tor_control && !c.tor_socks)
    return exit_request{2, "hrn-relay: --tor-control needs --tor-socks (the same existing tor)\n"};
  if (c.onion_service && c.tor_socks && !c.tor_control)
    return exit_request{2, "hrn-relay: --onion-service with an existing tor needs its --tor-control\n"};
  if (c.state_dir.empty()) c.state_dir = default_state_dir();
  if (!known_level(c.log_level))
    return exit_request{2, "hrn-relay: --log-level '" + c.log_level +
                               "' is not one of trace, debug, info, warn, error, off\n"};
  return c;
}

std::string default_state_dir() {
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.local/state/hrn-relay";
  return "/var/lib/hrn-relay";
}

}  // namespace hrn::relay
