#include "hrn/resolve/lookup_pipeline.hpp"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include <boost/asio/this_coro.hpp>

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/dns/key_cache.hpp"
#include "hrn/dns/transport/deadline.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/dns/validator.hpp"
#include "hrn/lnurl/errors.hpp"
#include "hrn/resolve/errors.hpp"
#include "hrn/resolve/upstream_session.hpp"
#include "hrn/tor/errors.hpp"
#include "hrn/tor/isolation.hpp"

namespace hrn::resolve {
namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

// A failure that another upstream might not have: the path or the resolver,
// not the name's own records (a bogus chain is retried nowhere: every
// resolver returns the same signed records).
bool worth_another_upstream(const error& e) {
  return e.code != dns::errc::dnssec_bogus && e.code != dns::errc::dnssec_insecure &&
         e.code != dns::errc::alias_loop && e.code != errc::no_bitcoin_record &&
         e.code != errc::multiple_bitcoin_records && e.code != errc::bad_uri &&
         e.code != errc::invalid_offer && e.code != tor::errc::rng_failed &&
         e.code != tor::errc::tor_not_ready;
}

}  // namespace

std::vector<dns::upstream> default_upstreams() {
  // DNS over HTTPS (HTTP/2): the exit relay sees only a TLS connection to the
  // resolver, not the names asked (over plain TCP it would see every one).
  // Six operators in different jurisdictions, none of them filtering, all
  // returning DNSSEC records; each lookup picks one at random, so no single
  // resolver sees every lookup. The host names travel to the exit, which
  // resolves them; nothing is resolved here, and TLS checks the name.
  std::vector<dns::upstream> list;
  for (const char* url : {"https://dns.quad9.net/dns-query",                // Quad9 (CH)
                          "https://cloudflare-dns.com/dns-query",           // Cloudflare (US)
                          "https://dns.google/dns-query",                   // Google Public DNS (US)
                          "https://unfiltered.adguard-dns.com/dns-query",   // AdGuard, non-filtering (CY)
                          "https://doh.dns.sb/dns-query",                   // DNS.SB (DE)
                          "https://dns.mullvad.net/dns-query"})             // Mullvad, non-filtering (SE)
    list.push_back(*dns::parse_upstream(url));
  return list;
}

result<std::vector<dns::trust_anchor>> load_trust_anchors(const std::string& path) {
  if (path.empty()) return dns::builtin_root_anchors();
  std::ifstream in(path);
  if (!in) return make_error(dns::errc::bad_trust_anchor, "cannot read trust anchor file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return dns::parse_trust_anchors(text.str());
}

std::uint64_t system_unix_now() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

lookup_pipeline::lookup_pipeline(lookup_config config, socks_source socks, unix_clock clock)
    : config_(std::move(config)),
      socks_(std::move(socks)),
      clock_(std::move(clock)),
      validator_(std::make_unique<dns::chain_validator>(config_.anchors)),
      key_cache_(std::make_unique<dns::validated_key_cache>()) {}

lookup_pipeline::~lookup_pipeline() = default;

result<dns::validated_answer> lookup_pipeline::check_chain(byte_view chain, const dns::name& qname,
                                                           std::uint16_t qtype) {
  auto pool = dns::parse_auth_chain(chain);
  if (!pool) return std::move(pool).err();
  dns::validation_context context{key_cache_.get(), {}};
  return validator_->validate(*pool, qname, qtype, clock_(), context);
}

asio::awaitable<result<bip353_resolution>> lookup_pipeline::attempt(const name::address& address,
                                                                   const dns::upstream& upstream,
                                                                   milliseconds budget,
                                                                   tor::isolation_token isolation) {
  auto ex = co_await asio::this_coro::executor;
  upstream_config transport;
  transport.upstream = upstream;
  transport.tls = config_.tls;
  transport.timeout = std::min(config_.step_timeout, budget);
  if (!config_.direct) {
    auto socks = socks_ ? socks_() : std::nullopt;
    if (!socks)
      co_return make_error(tor::errc::tor_not_ready,
                           "tor is not ready yet (bootstrapping or stopped); try again shortly");
    transport.tor_socks = *socks;
  }
  auto session = co_await upstream_session::open(ex, transport, isolation);
  if (!session) co_return std::move(session).err();
  auto r = co_await resolve_bip353((*session)->exchange(), *validator_, address, clock_(),
                                   key_cache_.get());
  // One question at a time (DoH here): every exchange was a round trip.
  if (r && (*session)->sequential()) r->round_trips = (*session)->exchanges();
  (*session)->close();
  co_return r;
}

asio::awaitable<result<bip353_resolution>> lookup_pipeline::lookup(name::address address,
                                                                  lookup_stats* stats) {
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + config_.deadline;
  // A random order of upstreams: the first is this lookup's resolver, the
  // rest are where it goes if that one fails.
  auto order = config_.upstreams;
  {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::shuffle(order.begin(), order.end(), rng);
  }
  std::optional<error> last;
  for (const auto& upstream : order) {
    const auto left = std::chrono::duration_cast<milliseconds>(end - std::chrono::steady_clock::now());
    if (left <= milliseconds(0)) break;
    if (stats) ++stats->attempts;
    // One attempt, one isolation token: all its streams (and the Lightning
    // Address fetch that may follow it) share one Tor circuit, and no other
    // lookup shares it.
    auto isolation = tor::isolation_token::fresh();
    if (!isolation) co_return std::move(isolation).err();
    // Named local, not a temporary inside the co_await expression: g++ 12
    // miscompiles some coroutine temporaries.
    auto op = attempt(address, upstream, left, *isolation);
    auto r = co_await dns::with_deadline(std::move(op), left);
    if (!r) {
      last = make_error(dns::transport::errc::upstream_timeout,
                        "no answer within the lookup deadline of " +
                            std::to_string(config_.deadline.count()) + " ms");
      break;
    }
    if (r->ok()) {
      if (stats) stats->round_trips = r->value().round_trips;
      if (r->value().found || !config_.methods.lnurl) co_return std::move(*r);
      auto fallback = with_lightning_address(address, std::move(r->value()), end, *isolation);  // named local: g++ 12
      co_return co_await std::move(fallback);
    }
    last = r->err();
    if (!worth_another_upstream(*last)) break;
  }
  if (!last)
    last = make_error(dns::transport::errc::upstream_timeout,
                      "no answer within the lookup deadline of " +
                          std::to_string(config_.deadline.count()) + " ms");
  co_return std::move(*last);
}

asio::awaitable<result<bip353_resolution>> lookup_pipeline::with_lightning_address(
    name::address address, bip353_resolution r, std::chrono::steady_clock::time_point end,
    tor::isolation_token isolation) {
  const auto left = std::chrono::duration_cast<milliseconds>(end - std::chrono::steady_clock::now());
  if (left <= milliseconds(0))
    co_return make_error(lnurl::errc::lnurl_timeout, "no time left in the lookup deadline for the Lightning Address");
  // The lookup's own credentials: the fetch rides the circuit its DNS
  // attempt used, never another lookup's.
  lightning_address_request request{std::move(address), std::nullopt, config_.tls, std::move(isolation),
                                    std::min(config_.step_timeout, left)};
  if (!config_.direct) {
    request.tor_socks = socks_ ? socks_() : std::nullopt;
    if (!request.tor_socks)
      co_return make_error(tor::errc::tor_not_ready,
                           "tor is not ready yet (bootstrapping or stopped); try again shortly");
  }
  auto ex = co_await asio::this_coro::executor;
  auto op = fetch_lightning_address(ex, std::move(request));
  auto pay = co_await std::move(op);
  if (!pay) co_return std::move(pay).err();
  r.lightning_address = std::move(*pay);
  co_return r;
}

}  // namespace hrn::resolve
