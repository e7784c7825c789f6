#include "resolver_stack.hpp"

#include <fstream>
#include <stdexcept>

#include <boost/asio/io_context.hpp>

#include <spdlog/spdlog.h>

#include "hrn/api/router.hpp"
#include "hrn/cache/redis/client.hpp"
#include "hrn/cache/redis/shared_cache.hpp"
#include "hrn/privacy/shared_demand.hpp"
#include "hrn/resolve/shared_answers.hpp"
#include "hrn/privacy/round_scheduler.hpp"
#include "hrn/resolve/wallet_dns.hpp"
#include "hrn/tor/tls.hpp"

namespace hrn::relay {
namespace asio = boost::asio;

namespace {

cache::ttl_policy policy_of(const config& cfg) {
  cache::ttl_policy p;
  p.max_ttl = cfg.cache_max_ttl;
  p.min_negative_ttl = cfg.cache_min_ttl;
  p.stale_max = cfg.stale_max;
  return p;
}

// The operator's decoy names: one per line, # starts a comment. A name that
// does not parse stops the start with its line number.
std::vector<name::address> load_directory(const std::string& path) {
  std::vector<name::address> names;
  if (path.empty()) return names;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("--directory: cannot read '" + path + "'");
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = line.substr(0, line.find('#'));
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    auto a = name::parse(line);
    if (!a) throw std::runtime_error("--directory " + path + " line " + std::to_string(n) + ": " + a.err().message);
    a->short_code.clear();
    names.push_back(std::move(*a));
  }
  spdlog::info("directory: {} names for decoys while the relay warms up", names.size());
  return names;
}

resolve::lookup_config lookup_config_of(const config& cfg) {
  resolve::lookup_config lc;
  for (const auto& url : cfg.upstreams) {
    auto u = dns::parse_upstream(url);
    if (!u) throw std::runtime_error("--upstream " + url + ": " + u.err().message);
    lc.upstreams.push_back(*u);
  }
  if (lc.upstreams.empty()) lc.upstreams = resolve::default_upstreams();
  lc.direct = cfg.direct;
  lc.step_timeout = cfg.query_timeout;
  lc.deadline = cfg.lookup_timeout;
  auto anchors = resolve::load_trust_anchors(cfg.trust_anchor_file);
  if (!anchors) throw std::runtime_error(anchors.err().message);
  lc.anchors = std::move(*anchors);
  lc.methods.lnurl = cfg.lnurl;
  bool needs_tls = cfg.lnurl;  // the Lightning Address is fetched over https
  for (const auto& u : lc.upstreams)
    if (u.proto == dns::upstream::protocol::https) needs_tls = true;
  if (needs_tls) lc.tls = tor::make_tls_context({cfg.ca_file, true});
  return lc;
}

// The password file's first line (a trailing newline is not part of it).
std::string read_password(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) throw std::runtime_error("--redis-password-file: cannot read '" + path + "'");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// A random id for this process's leases.
std::string lease_owner() {
  auto rng = privacy::random_source::secure();
  static constexpr char digits[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 16; ++i) id += digits[rng.below(16)];
  return id;
}

std::uint64_t unix_now() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

}  // namespace

void resolver_stack::open_shared_cache(asio::io_context& io, std::chrono::milliseconds lease) {
  auto where = cache::redis::parse_url(cfg_.redis_url);
  if (!where) throw std::runtime_error(where.err().message);
  cache::redis::client_options co;
  co.where = *where;
  co.password = read_password(cfg_.redis_password_file);
  co.ca_file = cfg_.redis_ca_file;
  co.command_timeout = cfg_.redis_timeout;
  co.connect_timeout = std::max(std::chrono::milliseconds(1000), cfg_.redis_timeout * 4);
  const auto shown = where->to_string();
  redis_since_ = unix_now();
  redis_ = std::make_unique<cache::redis::client>(
      io.get_executor(), co, [this, shown](bool up, const std::string& reason) {
        // Once per change: an outage is one warning, not one per request.
        redis_up_ = up;
        redis_reason_ = up ? "" : reason;
        redis_since_ = unix_now();
        if (up)
          spdlog::info("shared cache: connected to Redis at {}", shown);
        else
          spdlog::warn("shared cache: Redis at {} unavailable ({}); serving from this relay's own cache and "
                       "looking names up alone until it is back", shown, reason);
      });
  shared_cache_ = std::make_unique<cache::redis::shared_cache>(*redis_);
  resolve::shared_options so;
  so.lease = lease;
  so.owner = lease_owner();
  shared_ = std::make_unique<resolve::shared_answers>(
      io.get_executor(), *shared_cache_,
      [pipeline = pipeline_.get()](byte_view chain, const dns::name& qname, std::uint16_t qtype) {
        return pipeline->check_chain(chain, qname, qtype);
      },
      policy_, so);
  spdlog::info("cache: shared through Redis at {} (this relay keeps {} bytes in front of it)", shown,
               cfg_.cache_max_bytes);
}

api::shared_cache_status resolver_stack::shared_status() const {
  api::shared_cache_status s;
  if (!shared_) return s;
  s.up = redis_up_;
  s.url = cfg_.redis_url.empty() ? "" : cache::redis::parse_url(cfg_.redis_url)->to_string();
  s.reason = redis_reason_;
  s.since = redis_since_;
  s.counters = shared_->counters();
  s.hits = answers_->counters().shared_hits;
  const auto& c = redis_->counters();
  s.commands = c.commands;
  s.failures = c.failures;
  s.connects = c.connects;
  s.disconnects = c.disconnects;
  return s;
}

resolver_stack::resolver_stack(asio::io_context& io, const config& cfg, resolve::socks_source socks)
    : cfg_(cfg), policy_(policy_of(cfg)), store_(cfg.cache_max_bytes) {
  auto lc = lookup_config_of(cfg);
  spdlog::info("lookups: {} upstream(s){}, lookup deadline {} ms", lc.upstreams.size(),
               cfg.upstreams.empty() ? " (the built-in public set)" : "", lc.deadline.count());
  if (lc.methods.lnurl)
    spdlog::warn("--methods lnurl: names BIP 353 proves absent are looked up as Lightning Addresses; "
                 "the domain's web server sees each of those lookups (through a Tor exit)");
  pipeline_ = std::make_unique<resolve::lookup_pipeline>(std::move(lc), std::move(socks));

  resolve::service_options options;
  options.ttl = policy_;
  // A joiner waits a little longer than the lookup it joined may take: its
  // round, then the lookup.
  options.join_limit = cfg.lookup_timeout + std::chrono::seconds(2);
  options.max_lookups_in_flight = cfg.max_lookups;
  // Names only at debug, and never with a client address (the service knows none).
  options.on_lookup = [](const std::string& name, std::string_view outcome,
                         std::chrono::steady_clock::duration took) {
    spdlog::debug("lookup {}: {} in {} ms", name, outcome,
                  std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
  };

  resolve::lookup_dispatcher* dispatcher = nullptr;
  if (cfg.round_interval.count() == 0) {
    spdlog::warn("--round-interval 0: each lookup leaves as soon as a client asks, so a domain can "
                 "tell when a payer asked (tests and diagnostics only)");
    immediate_ = std::make_unique<resolve::immediate_dispatcher>(*pipeline_);
    dispatcher = immediate_.get();
  } else {
    privacy::scheduler_options so;
    so.round_interval = cfg.round_interval;
    so.batch_size = cfg.batch_size;
    so.batch_size_max = cfg.batch_size_max == 0 ? cfg.batch_size : cfg.batch_size_max;
    so.idle = cfg.idle_cover ? privacy::idle_policy::cover : privacy::idle_policy::quiet;
    so.max_queue_wait = cfg.max_queue_wait;
    so.start_window = std::min(std::chrono::milliseconds(100), cfg.round_interval / 4);
    so.lookup_limit = cfg.lookup_timeout + std::chrono::seconds(2);
    options.join_limit = cfg.max_queue_wait + cfg.round_interval * 2 + so.lookup_limit;
    auto* pipeline = pipeline_.get();
    auto* store = &store_;
    scheduler_ = std::make_shared<privacy::round_scheduler>(
        io.get_executor(), so,
        [pipeline](name::address a) { return pipeline->lookup(std::move(a)); },
        [store](std::uint64_t now) {
          std::vector<privacy::cached_entry> out;
          store->for_each(now, [&](std::string_view key, const cache::hit& h) {
            if (h.state == cache::freshness::fresh) out.push_back({std::string(key), h.stored_at, h.expires_at});
          });
          return out;
        },
        // Refresh and decoy answers refresh the cache like a client's lookup.
        [this](const name::address& a, const result<resolve::bip353_resolution>& r, privacy::lookup_kind) {
          answers_->absorb(a, r);
        },
        load_directory(cfg.directory_file));
    options.on_demand = [s = scheduler_.get()](const name::address& a) { s->note_demand(a); };
    dispatcher = scheduler_.get();
    spdlog::info("privacy: rounds of {} lookups every {} ms ({}), a request waits {} ms at most",
                 so.batch_size, so.round_interval.count(), cfg.idle_cover ? "cover" : "quiet",
                 so.max_queue_wait.count());
  }
  if (cfg.cache_redis) {
    // A lease holds as long as this relay's longest lookup may take
    // (plus reading and writing Redis around it), so that it never runs
    // out while this relay still works on the name.
    open_shared_cache(io, std::chrono::duration_cast<std::chrono::milliseconds>(options.join_limit) +
                              std::chrono::seconds(2));
    options.shared = shared_.get();
    if (scheduler_) {
      // Decoys from what clients of every relay ask for.
      // Every ten rounds: often enough that a new relay soon has the
      // fleet's pool, seldom enough to cost Redis nothing.
      privacy::shared_demand_options dopt;
      dopt.interval = cfg.round_interval * 10;
      shared_demand_ = std::make_shared<privacy::shared_demand>(io.get_executor(), *shared_cache_, scheduler_, dopt);
      options.on_demand = [s = scheduler_.get(), d = shared_demand_.get()](const name::address& a) {
        s->note_demand(a);
        d->note(a);
      };
    }
  }
  answers_ = std::make_unique<resolve::answer_service>(store_, *dispatcher, options);
  wallet_ = std::make_unique<resolve::wallet_dns>(
      *answers_, [pipeline = pipeline_.get()](byte_view chain, const dns::name& qname, std::uint16_t qtype) {
        return pipeline->check_chain(chain, qname, qtype);
      });
}

resolver_stack::~resolver_stack() { stop(); }

void resolver_stack::start() {
  if (redis_) redis_->start();
  if (scheduler_) scheduler_->start();
  if (shared_demand_) shared_demand_->start();
}

void resolver_stack::stop() {
  if (shared_demand_) shared_demand_->stop();
  if (scheduler_) scheduler_->stop();
  if (redis_) redis_->stop();
}

std::function<asio::awaitable<void>()> resolver_stack::hit_release() const {
  if (!scheduler_ || !cfg_.hit_release_round) return {};
  return [s = scheduler_] { return s->next_round(); };
}

const privacy::scheduler_counters* resolver_stack::scheduler_counters() const {
  return scheduler_ ? &scheduler_->counters() : nullptr;
}

void resolver_stack::replace_directory(const std::string& file) {
  auto names = load_directory(file);
  if (scheduler_) scheduler_->replace_directory(names);
}

}  // namespace hrn::relay
