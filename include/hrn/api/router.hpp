#pragma once
// Maps requests to responses. Lookups are awaited (the router sits on the
// one event loop); everything else is a plain function of the request, so
// tests can drive it without sockets. It owns the request metrics.

#include <chrono>
#include <cstdint>
#include <optional>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "hrn/api/http.hpp"
#include "hrn/api/http_server.hpp"
#include "hrn/api/metrics.hpp"
#include "hrn/flag/chain_tip.hpp"
#include "hrn/resolve/shared_answers.hpp"

namespace hrn::resolve {
class answer_service;
class wallet_dns;
}
namespace hrn::privacy {
struct scheduler_counters;
}

namespace hrn::api {

class ussd_service;

// What /healthz reports. Filled by the daemon from the parts it runs.
// The cache shared by several relays (--cache-backend redis), for /healthz
// and /metrics: counts and state only, never a name.
struct shared_cache_status {
  bool up = false;
  std::string url;             // as configured, without secrets
  std::string reason;          // why it is down ("" when up)
  std::uint64_t since = 0;     // unix seconds of the last change of state
  resolve::shared_counters counters;
  std::uint64_t hits = 0;      // requests served from an entry read from Redis
  std::uint64_t commands = 0, failures = 0, connects = 0, disconnects = 0;  // the connection's
};

struct health_snapshot {
  std::string version;
  std::int64_t uptime_seconds = 0;
  bool resolver_available = false;  // a lookup can leave now (tor ready, or --direct)
  bool direct = false;              // Tor is bypassed (--direct): said loudly
  // disabled, starting, bootstrapping, ready, failed, external
  std::string tor_state = "starting";
  int tor_progress = 0;
  std::string tor_summary;
  std::string tor_warning;
  std::string onion_address;  // "" until published
  bool onion_published = false;
  std::size_t cache_entries = 0;
  std::size_t cache_bytes = 0;
  std::size_t cache_max_bytes = 0;
  std::uint64_t cache_evictions = 0;
  // The block source (--blocks): "" when none is configured, else "esplora"
  // or "bitcoind". Its tip and reason come from router_parts::tips.
  std::string blocks_source;
  std::uint64_t blocks_poll_failures = 0;
  std::optional<std::uint64_t> blocks_last_good;  // unix seconds of the last poll that confirmed a tip
};

// Says whether a request may spend `cost` lookups now (rate limits):
// nullopt when it may; otherwise the router answers 429 with this
// Retry-After. Null: no limit.
using admission = std::function<std::optional<std::chrono::seconds>(const http_request&, unsigned cost)>;

struct router_parts {
  std::function<health_snapshot()> health;
  resolve::answer_service* answers = nullptr;  // null: /v1/resolve answers 503
  admission admit;
  std::function<std::uint64_t()> unix_now;  // default: the system clock
  std::function<http_server_stats()> connections;  // for /metrics; may be null
  const privacy::scheduler_counters* scheduler = nullptr;  // for /metrics; null without rounds
  // When set, an answer served from the cache is released only when this
  // completes (the next round boundary: --hit-release round).
  std::function<boost::asio::awaitable<void>()> hold_hit;
  // The block source's tip for node-id flags; null: no source configured.
  std::function<flag::tip_state()> tips;
  // The USSD adapter (--ussd); null: /v1/ussd is an unknown path (404).
  ussd_service* ussd = nullptr;
  // Wallets' DNS questions (/dns-query, /resolve, /dnssecproof); null: 503.
  resolve::wallet_dns* wallet = nullptr;
  // The shared cache's state; null with --cache-backend memory.
  std::function<shared_cache_status()> shared_cache;
};

class router {
 public:
  explicit router(router_parts parts);
  explicit router(std::function<health_snapshot()> health);

  boost::asio::awaitable<http_response> handle(http_request request);

  const request_metrics& metrics() const { return metrics_; }

 private:
  http_response healthz(bool via_onion) const;
  http_response render_metrics() const;
  // parts_.tips(), or the reason there is none when no source is set.
  flag::tip_state current_tips() const;
  boost::asio::awaitable<http_response> resolve_get(const http_request& request);
  boost::asio::awaitable<http_response> resolve_post(http_request& request);
  http_response flag_endpoint(const http_request& request, bool svg) const;
  // Wallets' own protocols (wallet_endpoints.cpp): RFC 8484 DoH and
  // Cloudflare's JSON at /dns-query, Google's JSON at /resolve, the proof
  // server's /dnssecproof.
  boost::asio::awaitable<http_response> dns_query(const http_request& request);
  boost::asio::awaitable<http_response> json_resolve(const http_request& request);
  boost::asio::awaitable<http_response> dnssec_proof(const http_request& request);
  // GET / (the form) and GET /pay?name= (a result page): web_endpoint.cpp.
  boost::asio::awaitable<http_response> web_get(const http_request& request);

  router_parts parts_;
  request_metrics metrics_;
};

}  // namespace hrn::api
