// hrn resolve: one BIP 353 lookup, validated locally, printed as an answer object.
#include <chrono>
#include <iostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "hrn/api/json_views.hpp"
#include "hrn/dns/transport/deadline.hpp"
#include "hrn/dns/transport/doh_client.hpp"
#include "hrn/dns/transport/tcp_pipeline.hpp"
#include "hrn/dns/transport/upstream.hpp"
#include "hrn/dns/validator.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/bip353_resolver.hpp"
#include "hrn/tor/tls.hpp"
#include "options.hpp"
#include "trust.hpp"

namespace hrn::cli {
namespace asio = boost::asio;
namespace po = boost::program_options;
using tcp = asio::ip::tcp;

namespace {

constexpr std::string_view command_name = "resolve";

constexpr std::string_view help_text =
    R"(Usage: hrn resolve NAME --upstream URL --direct [--trust-anchor FILE] [--proof]

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

Lookups through Tor are not built into this command yet: --direct is required
and says plainly that the upstream sees this machine's address.
)";

struct resolve_request {
  name::address address;
  dns::upstream upstream;
  std::vector<dns::trust_anchor> anchors;
  std::string ca_file;
  bool proof = false;
  std::chrono::milliseconds timeout{10000};
};

// Connects directly (no Tor) and runs the lookup over the right transport.
asio::awaitable<result<resolve::bip353_resolution>> run(const resolve_request& req) {
  auto ex = co_await asio::this_coro::executor;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(req.upstream.host, ec);
  if (ec)
    co_return make_error("upstream_error", "--direct needs the upstream as an IP address, not '" +
                                               req.upstream.host + "' (names are never resolved locally)");
  tcp::socket socket(ex);
  auto connected = co_await dns::with_deadline(
      socket.async_connect({address, req.upstream.port}, asio::as_tuple(asio::use_awaitable)),
      req.timeout);
  if (!connected) co_return make_error("upstream_timeout", "connecting to the upstream timed out");
  if (auto [cec] = *connected; cec)
    co_return make_error("upstream_error", "cannot connect to " + req.upstream.to_string() + ": " +
                                               cec.message());

  dns::chain_validator validator(req.anchors);
  const auto now = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());

  if (req.upstream.proto == dns::upstream::protocol::tcp) {
    auto pipeline = dns::tcp_pipeline::start(ex, dns::make_byte_stream(std::move(socket)));
    resolve::dns_exchange exchange = [&](bytes q) { return pipeline->exchange(std::move(q), req.timeout); };
    auto r = co_await resolve::resolve_bip353(exchange, validator, req.address, now);
    pipeline->close();
    co_return r;
  }
  auto context = tor::make_tls_context({req.ca_file, true});
  auto tls = co_await tor::tls_connect(std::move(socket), *context, req.upstream.host, req.timeout);
  if (!tls) co_return std::move(tls).err();
  dns::doh_client doh(std::move(**tls), req.upstream.host, req.upstream.path);
  resolve::dns_exchange exchange = [&](bytes q) { return doh.exchange(std::move(q), req.timeout); };
  auto r = co_await resolve::resolve_bip353(exchange, validator, req.address, now);
  // DoH here asks one question at a time: every exchange is a round trip.
  if (r) r->round_trips = doh.exchanges();
  co_return r;
}

}  // namespace

int cmd_resolve(int argc, char** argv) {
  po::options_description visible("Options");
  std::string name_text, upstream_text, anchor_file, ca_file;
  unsigned timeout_ms = 10000;
  visible.add_options()
      ("upstream", po::value(&upstream_text)->value_name("URL")->required(),
       "recursive resolver: tcp://IP:PORT (DNS over TCP) or https://HOST[:PORT]/PATH (DoH)")
      ("direct", po::bool_switch(), "connect to the upstream without Tor (not private; required for now)")
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

  if (!vm["direct"].as<bool>())
    return usage_error(command_name,
                       "lookups through Tor are not built into this command yet; pass --direct to "
                       "ask the upstream without Tor (it then sees this machine's address)");
  auto upstream = dns::parse_upstream(upstream_text);
  if (!upstream) return usage_error(command_name, upstream.err().message);
  auto anchors = load_trust_anchors(anchor_file);
  if (!anchors) return fail(anchors.err());
  auto address = name::parse(name_text);
  if (!address) return fail(address.err());

  std::cerr << "hrn resolve: warning: --direct: asking " << upstream->to_string()
            << " without Tor; it sees this machine's address and the name asked\n";

  resolve_request req{*address, *upstream, std::move(*anchors), ca_file, vm["proof"].as<bool>(),
                      std::chrono::milliseconds(timeout_ms)};
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
