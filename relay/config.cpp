#include "config.hpp"
#include "config_file.hpp"
#include "config_options.hpp"
#include "hrn/blocks/source_spec.hpp"
#include "hrn/cache/redis/url.hpp"
#include "hrn/dns/transport/upstream.hpp"
#include "hrn/resolve/lightning_address.hpp"

#include <cmath>
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
    "API: GET /v1/resolve?name=NAME[&proof=1] answers one name; POST /v1/resolve with\n"
    "{\"names\": [...], \"proof\": false} up to 32. Every answer's DNSSEC chain is validated\n"
    "here, to the root; answers are cached (bounded, serve-stale) and the cache is saved in\n"
    "--state-dir across restarts. GET /healthz and GET /metrics tell how it is doing.\n"
    "With --ussd, POST /v1/ussd serves a USSD gateway the payment menu (README: USSD).\n\n"
    "Tor: without --tor-socks the relay starts its own tor (the `tor` program must be\n"
    "installed) with its data in --state-dir; with --tor-socks it uses an existing tor,\n"
    "and with --tor-control also follows its bootstrap and can publish the onion service.\n\n"
    "Every option can also be written in the --config file as `name = value`.\n";

// "256MiB", "64M", "1000000": a byte count with an optional binary or
// decimal suffix. nullopt when it is not one.
std::optional<std::size_t> parse_size(const std::string& text) {
  std::size_t pos = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &pos);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string unit = text.substr(pos);
  unsigned long long mult = 1;
  if (unit.empty() || unit == "B") mult = 1;
  else if (unit == "K" || unit == "KiB" || unit == "k") mult = 1ull << 10;
  else if (unit == "M" || unit == "MiB") mult = 1ull << 20;
  else if (unit == "G" || unit == "GiB") mult = 1ull << 30;
  else return std::nullopt;
  if (n > (~0ull) / mult) return std::nullopt;
  return static_cast<std::size_t>(n * mult);
}

// --cache-backend and the Redis options, checked together.
std::optional<exit_request> check_shared_cache(config& c, const po::variables_map& vm) {
  const auto backend = vm["cache-backend"].as<std::string>();
  if (backend != "memory" && backend != "redis")
    return exit_request{2, "hrn-relay: --cache-backend is memory or redis, not '" + backend + "'\n"};
  c.cache_redis = backend == "redis";
  const bool redis_options = !c.redis_url.empty() || !c.redis_password_file.empty() || !c.redis_ca_file.empty();
  if (!c.cache_redis && redis_options)
    return exit_request{2, "hrn-relay: --redis, --redis-password-file and --redis-ca-file need "
                           "--cache-backend redis\n"};
  if (!c.cache_redis) return std::nullopt;
  if (c.redis_url.empty())
    return exit_request{2, "hrn-relay: --cache-backend redis needs --redis URL (like redis://127.0.0.1:6379/0)\n"};
  // The parser's message names the option and never repeats a password.
  if (auto u = cache::redis::parse_url(c.redis_url); !u) return exit_request{2, "hrn-relay: " + u.err().message + "\n"};
  c.redis_timeout = std::chrono::milliseconds(vm["redis-timeout"].as<unsigned>());
  if (c.redis_timeout.count() < 10 || c.redis_timeout.count() > 60000)
    return exit_request{2, "hrn-relay: --redis-timeout is milliseconds, 10 to 60000\n"};
  for (const auto* file : {&c.redis_password_file, &c.redis_ca_file})
    if (!file->empty() && !std::ifstream(*file))
      return exit_request{2, "hrn-relay: cannot read '" + *file + "'\n"};
  return std::nullopt;
}

// --blocks and its companions, checked together. nullopt when they fit.
std::optional<exit_request> check_blocks(config& c, const po::variables_map& vm) {
  c.blocks_poll = std::chrono::seconds(vm["blocks-poll"].as<unsigned>());
  c.blocks_max_age = std::chrono::seconds(vm["blocks-max-age"].as<unsigned>());
  const bool rpc_options =
      !c.blocks_rpc_cookie.empty() || !c.blocks_rpc_user.empty() || !c.blocks_rpc_password_file.empty();
  if (c.blocks.empty()) {
    if (rpc_options) return exit_request{2, "hrn-relay: --blocks-rpc-* options need --blocks bitcoind:...\n"};
    return std::nullopt;
  }
  auto spec = blocks::parse_source_spec(c.blocks);
  if (!spec) return exit_request{2, "hrn-relay: " + spec.err().message + "\n"};
  if (c.blocks_poll.count() < 1 || c.blocks_poll.count() > 86400)
    return exit_request{2, "hrn-relay: --blocks-poll is seconds, 1 to 86400\n"};
  // A tip must survive at least one failed poll, or a single lost answer
  // would hide the flag.
  if (c.blocks_max_age < 2 * c.blocks_poll)
    return exit_request{2, "hrn-relay: --blocks-max-age must be at least twice --blocks-poll\n"};
  if (spec->kind == blocks::source_kind::esplora) {
    if (rpc_options)
      return exit_request{2, "hrn-relay: --blocks-rpc-* options are for a bitcoind source, not esplora\n"};
    if (c.direct && !host_port{spec->host, spec->port}.is_ip_literal())
      return exit_request{2, "hrn-relay: --blocks with --direct needs an IP address as the esplora host: "
                             "without Tor the relay would have to resolve the name itself\n"};
    return std::nullopt;
  }
  const bool cookie = !c.blocks_rpc_cookie.empty();
  const bool user = !c.blocks_rpc_user.empty() || !c.blocks_rpc_password_file.empty();
  if (cookie == user)
    return exit_request{2, "hrn-relay: --blocks bitcoind:... needs either --blocks-rpc-cookie FILE or "
                           "--blocks-rpc-user USER with --blocks-rpc-password-file FILE\n"};
  if (user && (c.blocks_rpc_user.empty() || c.blocks_rpc_password_file.empty()))
    return exit_request{2, "hrn-relay: --blocks-rpc-user and --blocks-rpc-password-file go together\n"};
  return std::nullopt;
}

bool known_level(const std::string& l) {
  for (auto* k : {"trace", "debug", "info", "warn", "error", "critical", "off"})
    if (l == k) return true;
  return false;
}

// The relay's own checks of the parsed options, filling what program_options
// could not bind directly. nullopt when they fit.
std::optional<exit_request> check_options(config& c, const po::variables_map& vm) {
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
  if (auto e = ip_option("onion-listen", c.onion_listen)) return *e;
  if (c.direct && (c.tor_socks || c.tor_control || c.onion_service))
    return exit_request{2, "hrn-relay: --direct bypasses Tor; it cannot go with --tor-socks, "
                           "--tor-control or --onion-service\n"};
  if (c.tor_control && !c.tor_socks)
    return exit_request{2, "hrn-relay: --tor-control needs --tor-socks (the same existing tor)\n"};
  if (c.onion_service && c.tor_socks && !c.tor_control)
    return exit_request{2, "hrn-relay: --onion-service with an existing tor needs its --tor-control\n"};
  if (c.state_dir.empty()) c.state_dir = default_state_dir();
  for (const auto& url : c.upstreams)
    if (auto u = dns::parse_upstream(url); !u)
      return exit_request{2, "hrn-relay: --upstream " + url + ": " + u.err().message + "\n"};
  const auto methods = resolve::parse_methods(vm["methods"].as<std::string>());
  if (!methods) return exit_request{2, "hrn-relay: " + methods.err().message + "\n"};
  c.lnurl = methods->lnurl;
  // The fallback connects to the name's domain, which only a Tor exit may
  // resolve: without Tor it would have to be resolved here.
  if (c.lnurl && c.direct)
    return exit_request{2, "hrn-relay: --methods lnurl needs Tor: with --direct the Lightning Address's "
                           "domain would have to be resolved here, which the relay never does\n"};
  if (auto e = check_shared_cache(c, vm)) return *e;
  auto cache_bytes = parse_size(vm["cache-max-bytes"].as<std::string>());
  // With Redis behind it the relay's own cache may be off (0).
  if (!cache_bytes || (*cache_bytes < (1u << 20) && !(c.cache_redis && *cache_bytes == 0)))
    return exit_request{2, "hrn-relay: --cache-max-bytes needs a size of at least 1MiB, like 256MiB "
                           "(0 only with --cache-backend redis)\n"};
  c.cache_max_bytes = *cache_bytes;
  c.snapshot = !vm["no-snapshot"].as<bool>();
  c.lookup_timeout = std::chrono::milliseconds(vm["lookup-timeout"].as<unsigned>());
  c.query_timeout = std::chrono::milliseconds(vm["query-timeout"].as<unsigned>());
  if (c.lookup_timeout.count() < 100 || c.query_timeout.count() < 100)
    return exit_request{2, "hrn-relay: --lookup-timeout and --query-timeout are milliseconds, at least 100\n"};
  if (!std::isfinite(c.rate_limit) || !std::isfinite(c.rate_burst) || !std::isfinite(c.onion_rate_limit) ||
      !std::isfinite(c.onion_rate_burst) || c.rate_limit < 0 || c.rate_burst < 1 || c.onion_rate_limit < 0)
    return exit_request{2, "hrn-relay: --rate-limit and --onion-rate-limit must be >= 0, --rate-burst >= 1\n"};
  c.request_timeout = std::chrono::seconds(vm["request-timeout"].as<unsigned>());
  c.idle_timeout = std::chrono::seconds(vm["idle-timeout"].as<unsigned>());
  if (c.request_timeout.count() < 1 || c.idle_timeout.count() < 1)
    return exit_request{2, "hrn-relay: --request-timeout and --idle-timeout are seconds, at least 1\n"};
  if (c.onion_rate_burst < 1)
    return exit_request{2, "hrn-relay: --onion-rate-burst must be at least 1\n"};
  c.round_interval = std::chrono::milliseconds(vm["round-interval"].as<unsigned>());
  c.max_queue_wait = std::chrono::milliseconds(vm["max-queue-wait"].as<unsigned>());
  if (const auto idle = vm["idle-rounds"].as<std::string>(); idle == "cover" || idle == "quiet")
    c.idle_cover = idle == "cover";
  else
    return exit_request{2, "hrn-relay: --idle-rounds is cover or quiet, not '" + idle + "'\n"};
  if (const auto when = vm["hit-release"].as<std::string>(); when == "immediate" || when == "round")
    c.hit_release_round = when == "round";
  else
    return exit_request{2, "hrn-relay: --hit-release is immediate or round, not '" + when + "'\n"};
  if (c.hit_release_round && c.round_interval.count() == 0)
    return exit_request{2, "hrn-relay: --hit-release round needs rounds (--round-interval above 0)\n"};
  if (c.round_interval.count() != 0 && c.round_interval.count() < 200)
    return exit_request{2, "hrn-relay: --round-interval is 0 (no rounds) or at least 200 ms\n"};
  if (c.batch_size < 1 || c.batch_size > 1024)
    return exit_request{2, "hrn-relay: --batch-size must be 1 to 1024\n"};
  if (c.batch_size_max != 0 && (c.batch_size_max < c.batch_size || c.batch_size_max > 4096))
    return exit_request{2, "hrn-relay: --batch-size-max must be 0 or from --batch-size to 4096\n"};
  if (c.round_interval.count() != 0 && c.max_queue_wait < c.round_interval)
    return exit_request{2, "hrn-relay: --max-queue-wait must be at least --round-interval\n"};
  if (c.max_lookups < 1)
    return exit_request{2, "hrn-relay: --max-lookups must be at least 1\n"};
  // Connections there get the onion-service treatment (one shared bucket,
  // no per-address cap): only tor on this machine may reach it.
  if (c.onion_listen && c.onion_listen->host != "127.0.0.1" && c.onion_listen->host != "::1" &&
      c.onion_listen->host != "localhost")
    return exit_request{2, "hrn-relay: --onion-listen must be a loopback address (127.0.0.1 or ::1): "
                           "clients reaching it are treated as onion-service clients\n"};
  if (c.max_connections < 1)
    return exit_request{2, "hrn-relay: --max-connections must be at least 1\n"};
  if (auto e = check_blocks(c, vm)) return *e;
  if (c.ussd_session_seconds < 1 || c.ussd_session_seconds > 3600 || c.ussd_offer_seconds < 1 ||
      c.ussd_offer_seconds > 86400)
    return exit_request{2, "hrn-relay: --ussd-session-seconds is 1 to 3600, --ussd-offer-seconds 1 to 86400\n"};
  if (!known_level(c.log_level))
    return exit_request{2, "hrn-relay: --log-level '" + c.log_level +
                               "' is not one of trace, debug, info, warn, error, off\n"};
  if (const auto format = vm["log-format"].as<std::string>(); format == "text" || format == "json")
    c.log_json = format == "json";
  else
    return exit_request{2, "hrn-relay: --log-format is text or json, not '" + format + "'\n"};
  return std::nullopt;
}

}  // namespace

std::variant<config, exit_request> parse_command_line(int argc, char** argv) {
  config c;
  auto options = describe_options(c);
  po::variables_map vm;
  option_sources sources;
  try {
    auto from_command_line = po::parse_command_line(argc, argv, options);
    sources.note_command_line(from_command_line);
    po::store(from_command_line, vm);
  } catch (const po::error& e) {
    return exit_request{2, std::string("hrn-relay: ") + e.what() + "\nTry 'hrn-relay --help'.\n"};
  }
  if (vm.count("help")) {
    std::ostringstream os;
    os << intro << "\n" << options;
    return exit_request{0, os.str()};
  }
  if (vm.count("version")) return exit_request{0, "hrn-relay " HRN_VERSION "\n"};
  try {
    if (vm.count("config")) {
      const auto path = vm["config"].as<std::string>();
      if (auto bad = sources.scan_file(path, options); !bad.empty()) return exit_request{2, bad};
      std::ifstream in(path);
      po::store(po::parse_config_file(in, options), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return exit_request{2, sources.explain(e, options)};
  }
  if (auto e = check_options(c, vm)) return exit_request{e->code, sources.locate(e->text)};
  c.settings = list_settings(options, vm, sources, c);
  return c;
}

std::string default_state_dir() {
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.local/state/hrn-relay";
  return "/var/lib/hrn-relay";
}

}  // namespace hrn::relay
