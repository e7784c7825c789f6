#pragma once
// The daemon's configuration: one struct, parsed once at start from the
// command line and an optional --config file, then passed down explicitly.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hrn/util/host_port.hpp"

namespace hrn::relay {

// One option as the relay took it: for --check-config and for SIGHUP, which
// compares the re-read file with what is running.
struct setting {
  std::string name;    // "batch-size"
  std::string shown;   // its value as printed ("(set)" for a secret, "" when unset)
  std::string value;   // its value, compared on reload (secrets too, never printed)
  std::string source;  // "default", "command line", "FILE line N"
};

struct config {
  host_port listen{"127.0.0.1", 8080};
  std::string log_level = "info";
  bool log_json = false;    // --log-format json: one JSON object per line
  bool check_config = false;  // --check-config: validate, print the settings, exit
  std::string config_file;  // "" when none was given
  std::string state_dir;    // onion key, managed tor's data
  std::string port_file;    // "" or where to write the bound API port

  // How the relay reaches the world. Exactly one of:
  //  - direct: no Tor at all (tests and diagnostics, loud warning)
  //  - tor_socks (+ optional tor_control): an existing tor
  //  - neither: the relay runs its own tor (managed)
  bool direct = false;
  std::optional<host_port> tor_socks;
  std::optional<host_port> tor_control;
  std::string tor_control_password;
  bool onion_service = false;
  std::optional<host_port> onion_listen;  // listener for onion-service traffic
  std::string tor_binary = "tor";
  std::string tor_torrc_append;  // file of extra torrc lines for the managed tor

  // Lookups.
  std::vector<std::string> upstreams;  // URLs; empty: the built-in public set
  std::string trust_anchor_file;       // "" = the built-in IANA root anchors
  std::string ca_file;                 // extra CAs for https upstreams
  std::chrono::milliseconds lookup_timeout{20000};  // one lookup, retries included
  std::chrono::milliseconds query_timeout{10000};   // each connect, handshake, flight
  std::size_t max_lookups = 256;                     // lookups under way at once
  bool lnurl = false;  // --methods bip353,lnurl: the Lightning Address fallback

  // Privacy scheduler: rounds of K lookups (0 ms: none, each lookup at once).
  std::chrono::milliseconds round_interval{1000};
  std::size_t batch_size = 8;
  std::size_t batch_size_max = 0;  // 0: batch_size (K never grows)
  bool idle_cover = true;          // --idle-rounds cover (true) or quiet
  std::chrono::milliseconds max_queue_wait{10000};
  std::string directory_file;      // names for decoys while the relay warms up
  bool hit_release_round = false;  // --hit-release round: hits leave at round boundaries

  // Cache.
  std::size_t cache_max_bytes = 256u << 20;
  std::uint32_t cache_max_ttl = 86400;
  std::uint32_t cache_min_ttl = 60;   // negative entries
  std::uint32_t stale_max = 86400;    // serve-stale window (RFC 8767)
  bool snapshot = true;               // cache snapshot in state_dir across restarts
  // Shared cache of several relays (--cache-backend redis): the URL (see
  // hrn/cache/redis/url.hpp), its password file and extra CAs for rediss://.
  bool cache_redis = false;
  std::string redis_url;
  std::string redis_password_file;
  std::string redis_ca_file;
  std::chrono::milliseconds redis_timeout{250};

  // Limits.
  double rate_limit = 10;        // lookups/s per client address (0: no limit)
  double rate_burst = 40;
  double onion_rate_limit = 100; // lookups/s shared by every onion-service client
  double onion_rate_burst = 400;
  std::size_t max_connections = 4096;
  std::size_t max_connections_per_address = 64;
  std::size_t max_onion_connections = 2048;
  std::chrono::seconds request_timeout{10};
  std::chrono::seconds idle_timeout{15};

  // Block source for the node-id flag (--blocks); "" when none.
  std::string blocks;
  std::string blocks_rpc_cookie;
  std::string blocks_rpc_user;
  std::string blocks_rpc_password_file;
  std::chrono::seconds blocks_poll{60};
  std::chrono::seconds blocks_max_age{1800};

  // Phones: the USSD menu adapter (POST /v1/ussd), off by default.
  bool ussd = false;
  std::uint32_t ussd_session_seconds = 180;  // a dialogue older than this ends
  std::uint32_t ussd_offer_seconds = 300;    // a confirmed offer's reference lives this long

  // Every option with its value and where it came from (not help/version).
  std::vector<setting> settings;
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
