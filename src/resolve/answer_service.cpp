#include "hrn/resolve/answer_service.hpp"

#include "hrn/dns/transport/errors.hpp"

namespace hrn::resolve {
namespace asio = boost::asio;

std::shared_ptr<const cache::answer> to_cache_answer(const bip353_resolution& r) {
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
  auto r = co_await dispatcher_.dispatch(address);
  co_return r;
}

result<served_answer> answer_service::keep(const std::string& key, const result<bip353_resolution>& r) {
  if (!r) return r.err();
  const auto now = clock_();
  auto value = to_cache_answer(*r);
  const auto times = cache_times_of(*r, options_.ttl, now);
  store_.insert(key, value, now, times.ttl, times.stale_window);
  served_answer s;
  s.answer = std::move(value);
  s.expires_at = now + times.ttl;
  return s;
}

asio::awaitable<result<served_answer>> answer_service::resolve(name::address address) {
  const auto key = address.text();
  auto found = store_.find(key, clock_());
  if (found && found->state == cache::freshness::fresh) {
    ++counters_.hits;
    served_answer s;
    s.answer = found->value;
    s.expires_at = found->expires_at;
    s.cached = true;
    co_return s;
  }
  ++counters_.misses;
  // The short code is the payer's, not part of the lookup: every request for
  // user@domain shares one lookup whatever its code.
  name::address lookup_address = std::move(address);
  lookup_address.short_code.clear();
  // Named locals, not temporaries in the co_await expression: g++ 12
  // miscompiles temporaries that own heap memory there.
  auto operation = look_up(std::move(lookup_address));
  auto flight = co_await flights_.run(key, std::move(operation));
  if (flight.joined) ++counters_.joined;
  result<served_answer> out = make_error(dns::transport::errc::upstream_timeout,
                                         "the lookup of this name did not finish in time");
  if (flight.value) {
    const auto& r = *flight.value;
    if (!flight.joined) {
      ++counters_.lookups[r ? (r->found ? "ok" : "not_found") : r.err().code];
      if (r) counters_.upstream_round_trips += r->round_trips;
    }
    if (!r) {
      out = r.err();
    } else if (flight.joined) {
      // The leader cached it; serve the same value.
      auto again = store_.find(key, clock_());
      if (again) {
        served_answer s;
        s.answer = again->value;
        s.expires_at = again->expires_at;
        s.joined = true;
        out = s;
      } else {
        out = keep(key, r);  // not cacheable (TTL 0): serve it uncached
      }
    } else {
      out = keep(key, r);
    }
  }
  if (!out && found) {
    // RFC 8767 §4: a stale answer beats no answer when the refresh fails.
    ++counters_.stale_served;
    served_answer s;
    s.answer = found->value;
    s.expires_at = found->expires_at;
    s.cached = true;
    s.stale = true;
    co_return s;
  }
  co_return out;
}

}  // namespace hrn::resolve
