// hrn resolve: one BIP 353 lookup, validated locally, printed as an answer object.
#include <chrono>
#include <iostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "hrn/api/json_views.hpp"
#include "hrn/dns/transport/upstream.hpp"
#include "hrn/dns/validator.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/bip353_resolver.hpp"
#include "hrn/resolve/upstream_session.hpp"
#include "hrn/tor/isolation.hpp"
#include "hrn/tor/tls.hpp"
#include "options.hpp"
#include "trust.hpp"

namespace hrn::cli {
namespace asio = boost::asio;
namespace po = boost::program_options;

namespace {

constexpr std::string_view command_name = "resolve";

constexpr std::string_view help_text =
    R"(Usage: hrn resolve NAME --upstream URL (--tor-socks HOST:PORT | --direct)
                   [--trust-anchor FILE] [--ca-file FILE] [--proof] [--timeout MS]

Resolve a human-readable payment address (BIP 353) to its payment instructions:
ask the upstream DNS resolver for the TXT record at
<user>.user._bitcoin-payment.<domain> together with every DS and DNSKEY record
up to the root, validate the whole DNSSEC chain here (the upstream is not
trusted), apply the BIP 353 rules and decode the BOLT 12 offer.

Prints a JSON answer: name, status ("ok" or "not_found"), uri, offer,
offer_info, ttl (seconds the answer may be cached: the lowest TTL in the
chain), expires (earliest signature expiry, unix time), proof (base64 RFC 9102
AuthenticationChain, with --proof; check it with 'hrn verify-proof'),
round_trips (upstream round trips after the connection was open).

Errors print {"name", "status": "error", "error": {"code", "message"}} and exit 1.
Codes: dnssec_bogus, dnssec_insecure, alias_loop, no_bitcoin_record,
multiple_bitcoin_records, bad_uri, invalid_offer, upstream_timeout,
upstream_error, tls_verify_failed, tls_handshake_failed, and the name codes of
'hrn parse-name'.

With --tor-socks the connection goes through Tor's SOCKS port with fresh
credentials, so Tor (IsolateSOCKSAuth) gives the lookup a circuit of its own;
the upstream's name travels to the exit as a name, never resolved here.
--direct skips Tor for tests and diagnostics: it warns on stderr, and the
upstream must then be an IP address.

Examples:
  hrn resolve matt@mattcorallo.com --upstream tcp://9.9.9.9:53 --tor-socks 127.0.0.1:9050
  hrn resolve alice@example.com --upstream https://dns.example/dns-query --tor-socks 127.0.0.1:9050
)";

struct resolve_request {
  name::address address;
  resolve::upstream_config transport;
  std::vector<dns::trust_anchor> anchors;
  bool proof = false;
};

asio::awaitable<result<resolve::bip353_resolution>> run(const resolve_request& req) {
  auto ex = co_await asio::this_coro::executor;
  // One lookup, one isolation token: all its streams share one Tor circuit.
  auto isolation = tor::isolation_token::fresh();
  if (!isolation) co_return std::move(isolation).err();
  auto session = co_await resolve::upstream_session::open(ex, req.transport, *isolation);
  if (!session) co_return std::move(session).err();
  dns::chain_validator validator(req.anchors);
  const auto now = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  auto r = co_await resolve::resolve_bip353((*session)->exchange(), validator, req.address, now);
  // One question at a time (DoH here): every exchange was a round trip.
  if (r && (*session)->sequential()) r->round_trips = (*session)->exchanges();
  (*session)->close();
  co_return r;
}

}  // namespace

int cmd_resolve(int argc, char** argv) {
  po::options_description visible("Options");
  std::string name_text, upstream_text, anchor_file, ca_file, tor_socks_text;
  unsigned timeout_ms = 10000;
  visible.add_options()
      ("upstream", po::value(&upstream_text)->value_name("URL")->required(),
       "recursive resolver: tcp://IP:PORT (DNS over TCP) or https://HOST[:PORT]/PATH (DoH)")
      ("tor-socks", po::value(&tor_socks_text)->value_name("HOST:PORT"),
       "Tor's SocksPort (an IP address): the lookup goes through Tor on a circuit of its own")
      ("direct", po::bool_switch(), "connect to the upstream without Tor (tests and diagnostics only)")
      ("trust-anchor", po::value(&anchor_file)->value_name("FILE"),
       "DS records in zone-file syntax replacing the built-in IANA root anchors")
      ("ca-file", po::value(&ca_file)->value_name("FILE"),
       "extra CA certificates (PEM) for an https upstream")
      ("proof", po::bool_switch(), "include the RFC 9102 proof (base64)")
      ("timeout", po::value(&timeout_ms)->value_name("MS")->default_value(10000),
       "deadline for each step (connect, TLS, every query)");
  po::options_description hidden;
  hidden.add_options()("name", po::value(&name_text)->required());
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("name", 1);
  auto parsed = parse_options(command_name, argc, argv, all, positional, help_text);
  if (auto* code = std::get_if<int>(&parsed)) return *code;
  auto& vm = std::get<po::variables_map>(parsed);

  const bool direct = vm["direct"].as<bool>();
  if (direct == !tor_socks_text.empty())
    return usage_error(command_name,
                       "give --tor-socks HOST:PORT (private) or --direct (the upstream then sees "
                       "this machine's address), not both");
  std::optional<host_port> tor_socks;
  if (!direct) {
    auto hp = parse_host_port(tor_socks_text);
    if (!hp) return usage_error(command_name, "--tor-socks " + hp.err().message);
    tor_socks = *hp;
  }
  auto upstream = dns::parse_upstream(upstream_text);
  if (!upstream) return usage_error(command_name, upstream.err().message);
  auto anchors = load_trust_anchors(anchor_file);
  if (!anchors) return fail(anchors.err());
  auto address = name::parse(name_text);
  if (!address) return fail(address.err());

  if (direct)
    std::cerr << "hrn resolve: warning: --direct: asking " << upstream->to_string()
              << " without Tor; it sees this machine's address and the name asked\n";

  resolve_request req;
  req.address = *address;
  req.transport.upstream = *upstream;
  req.transport.tor_socks = tor_socks;
  req.transport.timeout = std::chrono::milliseconds(timeout_ms);
  if (upstream->proto == dns::upstream::protocol::https) {
    try {
      req.transport.tls = tor::make_tls_context({ca_file, true});
    } catch (const std::exception& e) {
      return usage_error(command_name, e.what());
    }
  }
  req.anchors = std::move(*anchors);
  req.proof = vm["proof"].as<bool>();
  asio::io_context io(1);
  std::optional<result<resolve::bip353_resolution>> outcome;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { outcome.emplace(co_await run(req)); },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.run();
  if (!outcome->ok()) {
    print_json(api::failed_answer_json(req.address, outcome->err()));
    return exit_invalid;
  }
  print_json(api::answer_json(req.address, outcome->value(), req.proof));
  return exit_ok;
}

}  // namespace hrn::cli
