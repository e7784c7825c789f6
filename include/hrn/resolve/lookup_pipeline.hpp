#pragma once
// The one BIP 353 lookup that `hrn resolve` and the relay both run: a fresh
// isolation token (its own Tor circuit), an upstream picked at random from the
// configured set, the DNSSEC chain collected and validated here, the BIP 353
// rules applied — all under one overall deadline. A failed upstream is retried
// on another one while the deadline allows.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "hrn/dns/transport/upstream.hpp"
#include "hrn/dns/trust_anchor.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/bip353_resolver.hpp"
#include "hrn/tor/isolation.hpp"
#include "hrn/resolve/lightning_address.hpp"
#include "hrn/util/host_port.hpp"
#include "hrn/util/result.hpp"

namespace boost::asio::ssl {
class context;
}
namespace hrn::dns {
struct validated_answer;
class name;
class chain_validator;
class validated_key_cache;
}  // namespace hrn::dns

namespace hrn::resolve {

// Public recursive resolvers that return DNSSEC records, each run by a
// different operator, asked over DoH through Tor (the names of the resolvers
// are resolved by the exit, never locally). Each lookup picks one at random,
// so no single resolver sees every lookup.
std::vector<dns::upstream> default_upstreams();

// The built-in IANA root anchors, or the DS records in `path` (which replace them).
result<std::vector<dns::trust_anchor>> load_trust_anchors(const std::string& path);

struct lookup_config {
  std::vector<dns::upstream> upstreams;  // at least one
  bool direct = false;                   // no Tor: tests and diagnostics only
  std::shared_ptr<boost::asio::ssl::context> tls;  // for https upstreams
  std::chrono::milliseconds step_timeout{10000};   // connect, handshake, each flight
  std::chrono::milliseconds deadline{20000};       // the whole lookup, retries included
  std::vector<dns::trust_anchor> anchors;
  // --methods: with lnurl, a name BIP 353 proves absent is looked up as a
  // Lightning Address (needs Tor and `tls`).
  lookup_methods methods;
};

// Where Tor's SOCKS port is right now; nullopt while tor is not ready (the
// lookup then fails with tor_not_ready instead of waiting).
using socks_source = std::function<std::optional<host_port>()>;

// Seconds since the Unix epoch: the validator's clock.
using unix_clock = std::function<std::uint64_t()>;
std::uint64_t system_unix_now();

// What one lookup did, for metrics (never a name).
struct lookup_stats {
  unsigned attempts = 0;     // upstreams tried
  unsigned round_trips = 0;  // of the attempt that answered
};

class lookup_pipeline {
 public:
  lookup_pipeline(lookup_config config, socks_source socks, unix_clock clock = system_unix_now);
  ~lookup_pipeline();
  lookup_pipeline(const lookup_pipeline&) = delete;
  lookup_pipeline& operator=(const lookup_pipeline&) = delete;

  // Errors: tor_not_ready, upstream_timeout (the overall deadline passed),
  // and those of resolve_bip353 and upstream_session::open; with the
  // Lightning Address fallback, those of fetch_lightning_address.
  boost::asio::awaitable<result<bip353_resolution>> lookup(name::address address,
                                                           lookup_stats* stats = nullptr);

  // Re-validates a chain the relay holds (a cache entry served to a wallet),
  // at the pipeline's clock, sharing its validated-key cache.
  result<dns::validated_answer> check_chain(byte_view chain, const dns::name& qname, std::uint16_t qtype);

  const lookup_config& config() const { return config_; }
  const dns::chain_validator& validator() const { return *validator_; }
  std::uint64_t now() const { return clock_(); }

 private:
  // One upstream tried, its streams on the circuit of `isolation`.
  boost::asio::awaitable<result<bip353_resolution>> attempt(const name::address& address,
                                                            const dns::upstream& upstream,
                                                            std::chrono::milliseconds budget,
                                                            tor::isolation_token isolation);

  // With `lnurl` on and `r` a proven absence: the Lightning Address fetch,
  // within what is left of the lookup's deadline, on the circuit of the DNS
  // attempt that proved the absence (`isolation`).
  boost::asio::awaitable<result<bip353_resolution>> with_lightning_address(
      name::address address, bip353_resolution r, std::chrono::steady_clock::time_point end,
      tor::isolation_token isolation);

  lookup_config config_;
  socks_source socks_;
  unix_clock clock_;
  std::unique_ptr<dns::chain_validator> validator_;
  // Zone keys validated by earlier lookups (bounded; keyed by the DNSKEY set
  // and the anchors, so a changed key set is validated afresh).
  std::unique_ptr<dns::validated_key_cache> key_cache_;
};

}  // namespace hrn::resolve
