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
#include "hrn/name/address.hpp"
#include "hrn/resolve/lookup_pipeline.hpp"
#include "hrn/tor/tls.hpp"
#include "options.hpp"

namespace hrn::cli {
namespace asio = boost::asio;
namespace po = boost::program_options;

namespace {

constexpr std::string_view command_name = "resolve";

constexpr std::string_view help_text =
    R"(Usage: hrn resolve NAME --upstream URL (--tor-socks HOST:PORT | --direct)
                   [--trust-anchor FILE] [--ca-file FILE] [--proof] [--timeout MS]
                   [--deadline MS] [--methods bip353[,lnurl]]

Resolve a human-readable payment address (BIP 353) to its payment instructions:
ask the upstream DNS resolver for the TXT record at
<user>.user._bitcoin-payment.<domain> together with every DS and DNSKEY record
up to the root, validate the whole DNSSEC chain here (the upstream is not
trusted), apply the BIP 353 rules and decode the BOLT 12 offer.

Prints a JSON answer: name, status ("ok" or "not_found"), uri, offer,
offer_info, ttl (seconds the answer may be cached: the lowest TTL in the
chain), expires (earliest signature expiry, unix time), proof (base64 RFC 9102
AuthenticationChain, with --proof; check it with 'hrn verify-proof'),
round_trips (upstream round trips after the connection was open: one for a
name without aliases over TCP or DoH/HTTP/2; one per query over DoH/HTTP/1.1).

With --methods bip353,lnurl, a name BIP 353 proves absent is then fetched as a
Lightning Address (LUD-16): https://<domain>/.well-known/lnurlp/<user> through
Tor, the certificate checked for the domain. A valid LNURL-pay answer prints
status "ok", source "lnurl", uri and offer null, and an "lnurl" object
(callback, callback_host, callback_domain_matches, min_sendable, max_sendable,
description, metadata, identifier, comment_allowed). The domain's web server
sees that lookup; it needs --tor-socks.

Errors print {"name", "status": "error", "error": {"code", "message"}} and exit 1.
Codes: dnssec_bogus, dnssec_insecure, alias_loop, no_bitcoin_record,
multiple_bitcoin_records, bad_uri, invalid_offer, upstream_timeout,
upstream_error, tls_verify_failed, tls_handshake_failed, the Lightning
Address's lnurl_* codes, and the name codes of 'hrn parse-name'.

With --tor-socks the connection goes through Tor's SOCKS port with fresh
credentials, so Tor (IsolateSOCKSAuth) gives the lookup a circuit of its own;
the upstream's name travels to the exit as a name, never resolved here.
--direct skips Tor for tests and diagnostics: it warns on stderr, and the
upstream must then be an IP address.

Examples:
  hrn resolve matt@mattcorallo.com --upstream tcp://9.9.9.9:53 --tor-socks 127.0.0.1:9050
  hrn resolve alice@example.com --upstream https://dns.example/dns-query --tor-socks 127.0.0.1:9050
)";

}  // namespace

int cmd_resolve(int argc, char** argv) {
  po::options_description visible("Options");
  std::string name_text, upstream_text, anchor_file, ca_file, tor_socks_text, methods_text = "bip353";
  unsigned timeout_ms = 10000, deadline_ms = 20000;
  visible.add_options()
      ("upstream", po::value(&upstream_text)->value_name("URL")->required(),
       "recursive resolver: tcp://IP:PORT (DNS over TCP), https://HOST[:PORT]/PATH (DoH over HTTP/2, "
       "or HTTP/1.1 when the server lacks it) or http://X.onion[:PORT]/PATH (DoH to an onion service)")
      ("tor-socks", po::value(&tor_socks_text)->value_name("HOST:PORT"),
       "Tor's SocksPort (an IP address): the lookup goes through Tor on a circuit of its own")
      ("direct", po::bool_switch(), "connect to the upstream without Tor (tests and diagnostics only)")
      ("trust-anchor", po::value(&anchor_file)->value_name("FILE"),
       "DS records in zone-file syntax replacing the built-in IANA root anchors")
      ("ca-file", po::value(&ca_file)->value_name("FILE"),
       "extra CA certificates (PEM) for an https upstream or Lightning Address server")
      ("methods", po::value(&methods_text)->value_name("LIST")->default_value("bip353"),
       "bip353, or bip353,lnurl: fall back to the Lightning Address (LUD-16) when BIP 353 "
       "proves the name absent (needs --tor-socks)")
      ("proof", po::bool_switch(), "include the RFC 9102 proof (base64)")
      ("timeout", po::value(&timeout_ms)->value_name("MS")->default_value(10000),
       "deadline for each step (connect, TLS, every query)")
      ("deadline", po::value(&deadline_ms)->value_name("MS")->default_value(20000),
       "deadline for the whole lookup");
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
  auto methods = resolve::parse_methods(methods_text);
  if (!methods) return usage_error(command_name, methods.err().message);
  if (methods->lnurl && direct)
    return usage_error(command_name, "--methods lnurl needs --tor-socks: with --direct the domain would "
                                     "have to be resolved here");
  auto upstream = dns::parse_upstream(upstream_text);
  if (!upstream) return usage_error(command_name, upstream.err().message);
  auto anchors = resolve::load_trust_anchors(anchor_file);
  if (!anchors) return fail(anchors.err());
  auto address = name::parse(name_text);
  if (!address) return fail(address.err());

  if (direct)
    std::cerr << "hrn resolve: warning: --direct: asking " << upstream->to_string()
              << " without Tor; it sees this machine's address and the name asked\n";

  resolve::lookup_config config;
  config.upstreams = {*upstream};
  config.direct = direct;
  config.step_timeout = std::chrono::milliseconds(timeout_ms);
  config.deadline = std::chrono::milliseconds(deadline_ms);
  config.methods = *methods;
  if (upstream->proto == dns::upstream::protocol::https || methods->lnurl) {
    try {
      config.tls = tor::make_tls_context({ca_file, true});
    } catch (const std::exception& e) {
      return usage_error(command_name, e.what());
    }
  }
  config.anchors = std::move(*anchors);
  const bool with_proof = vm["proof"].as<bool>();
  resolve::lookup_pipeline pipeline(std::move(config), [tor_socks] { return tor_socks; });
  asio::io_context io(1);
  std::optional<result<resolve::bip353_resolution>> outcome;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto r = co_await pipeline.lookup(*address);
        outcome.emplace(std::move(r));
      },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.run();
  if (!outcome->ok()) {
    print_json(api::failed_answer_json(*address, outcome->err()));
    return exit_invalid;
  }
  print_json(api::answer_json(*address, outcome->value(), with_proof));
  return exit_ok;
}

}  // namespace hrn::cli
