#include "hrn/resolve/answer_service.hpp"

#include "hrn/dns/transport/errors.hpp"
#include "hrn/resolve/errors.hpp"

namespace hrn::resolve {
namespace asio = boost::asio;

std::shared_ptr<const cache::answer> to_cache_answer(const bip353_resolution& r) {
  if (!r.found && r.lightning_address)
    return cache::make_lightning_address(r.proof, std::make_shared<const lnurl::pay_request>(*r.lightning_address),
                                         r.lightning_address->payload_bytes());
  if (!r.found || !r.instructions) return cache::make_absent(r.proof);
  return cache::make_found(r.instructions->uri, r.instructions->offer_text.value_or(""), r.proof);
}

namespace {

cache::ttl_inputs ttl_inputs_of(const bip353_resolution& r) {
  cache::ttl_inputs in;
  in.found = r.found;
  in.chain_ttl = r.ttl;
  in.earliest_signature_expiry = r.expires;
  if (r.instructions && r.instructions->offer) in.offer_absolute_expiry = r.instructions->offer->absolute_expiry;
  return in;
}

}  // namespace

cache_times cache_times_of(const bip353_resolution& r, const cache::ttl_policy& policy, std::uint64_t now) {
  const auto in = ttl_inputs_of(r);
  cache_times t;
  t.ttl = cache::entry_ttl(in, policy, now);
  t.stale_window = cache::stale_window(in, policy, now, t.ttl);
  return t;
}

answer_service::answer_service(cache::store& store, lookup_dispatcher& dispatcher,
                               service_options options, unix_clock clock)
    : store_(store),
      dispatcher_(dispatcher),
      options_(options),
      clock_(std::move(clock)),
      flights_(options.join_limit) {}

asio::awaitable<result<bip353_resolution>> answer_service::look_up(name::address address) {
  auto op = dispatcher_.dispatch(std::move(address));  // named local: g++ 12
  auto r = co_await std::move(op);
  co_return r;
}

asio::awaitable<answer_service::outcome> answer_service::run_lookup(name::address address) {
  if (options_.shared) {
    auto op = options_.shared->look_up(std::move(address), [this](name::address a) { return look_up(std::move(a)); });
    auto o = co_await std::move(op);
    co_return o;
  }
  auto op = look_up(std::move(address));
  auto r = co_await std::move(op);
  co_return outcome{std::move(r), std::nullopt};
}

served_answer answer_service::keep_peer(const std::string& key, const checked_entry& e, std::uint64_t now) {
  auto value = to_cache_answer(e.resolution);
  store_.restore(key, value, e.stored_at, e.expires_at, e.stale_until, now);
  served_answer s;
  s.answer = std::move(value);
  s.expires_at = e.expires_at;
  s.stored_at = e.stored_at;
  s.stale = e.expires_at <= now;
  return s;
}

served_answer answer_service::keep(const std::string& key, const bip353_resolution& r) {
  const auto now = clock_();
  auto value = to_cache_answer(r);
  const auto times = cache_times_of(r, options_.ttl, now);
  if (times.ttl == 0)
    store_.erase(key);  // superseded by an answer that may not be cached at all
  else
    store_.insert(key, value, now, times.ttl, times.stale_window);
  served_answer s;
  s.answer = std::move(value);
  s.expires_at = now + times.ttl;
  s.stored_at = now;
  return s;
}

bool answer_service::recently_failed(const std::string& key, std::uint64_t now) const {
  auto it = failures_.find(key);
  return it != failures_.end() && now < it->second + options_.failure_recheck;
}

void answer_service::note_failure(const std::string& key, std::uint64_t now) {
  // Bounded: when full, forget them all (the worst case is one more lookup
  // per stale name).
  if (failures_.size() >= max_remembered_failures) failures_.clear();
  failures_[key] = now;
}

void answer_service::absorb(const name::address& address, const result<bip353_resolution>& r) {
  if (!r) return;
  const auto key = address.text();
  ++counters_.background_kept;
  counters_.upstream_round_trips += r->round_trips;
  (void)keep(key, *r);
  failures_.erase(key);
  if (options_.shared) options_.shared->publish_detached(key, *r);
}

asio::awaitable<result<served_answer>> answer_service::resolve(name::address address) {
  const auto key = address.text();
  const auto now = clock_();
  if (options_.on_demand) options_.on_demand(address);
  auto found = store_.find(key, now);
  if (found && found->state == cache::freshness::fresh) {
    ++counters_.hits;
    served_answer s;
    s.answer = found->value;
    s.expires_at = found->expires_at;
    s.stored_at = found->stored_at;
    s.cached = true;
    co_return s;
  }
  // Another relay may have looked it up: its entry, once its chain checks
  // out here, is as good as this relay's own.
  if (options_.shared && options_.shared->available()) {
    auto fetch_op = options_.shared->fetch(key);
    auto peer = co_await std::move(fetch_op);
    if (peer) {
      auto s = keep_peer(key, *peer, now);
      if (!s.stale) {
        ++counters_.hits;
        ++counters_.shared_hits;
        s.cached = true;
        co_return s;
      }
      if (!found) found = cache::hit{s.answer, peer->stored_at, peer->expires_at, peer->stale_until,
                                      cache::freshness::stale};
    }
  }
  // RFC 8767 §4: after a failed refresh, serve stale without trying again
  // for a while, so an outage does not turn every request into a lookup.
  if (found && recently_failed(key, now)) co_return serve_stale(*found);
  ++counters_.misses;
  // Bounded: a flood of distinct names cannot start unbounded lookups
  // (each holds a Tor circuit and a socket).
  if (!flights_.has(key) && flights_.in_flight() >= options_.max_lookups_in_flight) {
    ++counters_.busy;
    if (found) co_return serve_stale(*found);
    co_return make_error(errc::busy, "too many lookups under way; try again shortly");
  }
  // The short code is the payer's, not part of the lookup: every request for
  // user@domain shares one lookup whatever its code.
  name::address lookup_address = std::move(address);
  lookup_address.short_code.clear();
  // Named locals, not temporaries in the co_await expression: g++ 12
  // miscompiles temporaries that own heap memory there.
  auto operation = run_lookup(std::move(lookup_address));
  const auto started = std::chrono::steady_clock::now();
  auto flight = co_await flights_.run(key, std::move(operation));
  if (flight.joined) ++counters_.joined;
  result<served_answer> out = make_error(dns::transport::errc::upstream_timeout,
                                         "the lookup of this name did not finish in time");
  if (flight.value) {
    const auto& r = flight.value->value;
    const auto& peer = flight.value->from_peer;
    if (!flight.joined && !peer) {
      const std::string_view outcome =
          r ? (r->found || r->lightning_address ? "ok" : "not_found") : std::string_view(r.err().code);
      ++counters_.lookups[std::string(outcome)];
      if (options_.on_lookup) options_.on_lookup(key, outcome, std::chrono::steady_clock::now() - started);
      if (r) counters_.upstream_round_trips += r->round_trips;
    }
    if (!r) {
      out = r.err();
    } else if (peer) {
      // Another relay's lookup: its entry, with its own times.
      out = keep_peer(key, *peer, clock_());
      out->joined = true;
    } else if (flight.joined) {
      // The leader has cached it (or not, with TTL 0); serve the leader's
      // answer itself, never whatever else the cache holds for the name.
      out = served_from(*r, clock_());
      out->joined = true;
    } else {
      out = keep(key, *r);
    }
  }
  if (!out) {
    if (!flight.joined) note_failure(key, clock_());
    // RFC 8767 §4: a stale answer beats no answer when the refresh fails.
    if (found) co_return serve_stale(*found);
  } else if (!flight.joined) {
    failures_.erase(key);
  }
  co_return out;
}

served_answer answer_service::serve_stale(const cache::hit& h) {
  ++counters_.stale_served;
  served_answer s;
  s.answer = h.value;
  s.expires_at = h.expires_at;
  s.stored_at = h.stored_at;
  s.cached = true;
  s.stale = true;
  return s;
}

served_answer answer_service::served_from(const bip353_resolution& r, std::uint64_t now) const {
  served_answer s;
  s.answer = to_cache_answer(r);
  s.expires_at = now + cache_times_of(r, options_.ttl, now).ttl;
  s.stored_at = now;
  return s;
}

}  // namespace hrn::resolve
