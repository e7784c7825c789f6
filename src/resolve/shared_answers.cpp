#include "hrn/resolve/shared_answers.hpp"

#include <array>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/cache/shared_entry.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/errors.hpp"

namespace hrn::resolve {
namespace asio = boost::asio;
using std::chrono::milliseconds;

namespace {

// A failure note is written by whichever relay looked the name up, and read
// from Redis, which is not trusted: only the codes a lookup can end with
// about the name itself are passed on, anything else becomes upstream_error.
error shared_failure(std::string_view code) {
  static constexpr std::array<std::string_view, 12> known = {
      dns::errc::dnssec_bogus,         dns::errc::dnssec_insecure,     dns::errc::dnssec_indeterminate,
      dns::errc::dnssec_unsupported,   dns::errc::alias_loop,          dns::errc::malformed,
      errc::no_bitcoin_record,         errc::multiple_bitcoin_records, errc::bad_uri,
      errc::invalid_offer,             dns::transport::errc::upstream_error,
      dns::transport::errc::upstream_timeout};
  std::string_view kept = dns::transport::errc::upstream_error;
  for (auto k : known)
    if (k == code) kept = k;
  std::string m = "another relay sharing this cache looked this name up just now and it failed (";
  m += kept;
  m += "); try again shortly";
  return make_error(kept, std::move(m));
}

}  // namespace

shared_answers::shared_answers(asio::any_io_executor executor, cache::redis::shared_cache& cache, chain_checker check,
                               cache::ttl_policy policy, shared_options options, unix_clock clock)
    : executor_(std::move(executor)),
      cache_(cache),
      check_(std::move(check)),
      policy_(policy),
      options_(std::move(options)),
      clock_(std::move(clock)) {}

bool shared_answers::believe_failure(const std::string& key) {
  const auto now = std::chrono::steady_clock::now();
  auto it = believed_failures_.find(key);
  if (it != believed_failures_.end() && now < it->second + options_.failure_memory) return false;
  // Bounded: when full, forget them all (the worst case is one more believed note per name).
  if (believed_failures_.size() >= 4096) believed_failures_.clear();
  believed_failures_[key] = now;
  return true;
}

std::optional<checked_entry> shared_answers::check(const std::string& key, const bytes& value) {
  auto entry = cache::decode_shared_entry(value);
  if (!entry) return std::nullopt;
  recorded_entry rec;
  rec.key = key;
  rec.chain = entry->chain;
  rec.found = entry->found;
  rec.uri = entry->uri;
  rec.stored_at = entry->stored_at;
  rec.expires_at = entry->expires_at;
  rec.stale_until = entry->stale_until;
  auto checked = check_recorded_entry(rec, check_, policy_, clock_(), true);
  if (!checked) return std::nullopt;
  return std::move(*checked);
}

asio::awaitable<std::optional<checked_entry>> shared_answers::fetch(std::string key) {
  if (!cache_.available()) co_return std::nullopt;
  auto op = cache_.get(key);
  auto got = co_await std::move(op);
  if (!got) {
    ++counters_.errors;
    co_return std::nullopt;
  }
  if (!*got) co_return std::nullopt;
  auto checked = check(key, **got);
  if (!checked) {
    // Refused (tampered, another format, or lapsed since it was written):
    // gone from Redis unless another relay wrote a new one meanwhile, so the
    // next lookup's entry takes its place.
    ++counters_.refused;
    auto drop = cache_.drop_if_same(key, std::move(**got));
    if (!co_await std::move(drop)) ++counters_.errors;
    co_return std::nullopt;
  }
  co_return checked;
}

asio::awaitable<void> shared_answers::publish(std::string key, bip353_resolution r) {
  if (r.lightning_address || !cache_.available()) co_return;
  const auto now = clock_();
  const auto times = cache_times_of(r, policy_, now);
  if (times.ttl == 0) co_return;
  cache::shared_entry e;
  e.stored_at = now;
  e.expires_at = now + times.ttl;
  e.stale_until = e.expires_at + times.stale_window;
  e.found = r.found;
  if (r.found && r.instructions) e.uri = r.instructions->uri;
  e.chain = std::move(r.proof);
  auto value = cache::encode_shared_entry(e);
  if (!value) co_return;  // a chain or URI the format cannot hold: kept locally only
  // Redis drops it when the relays would: at the end of its stale window.
  const milliseconds lifetime{static_cast<std::int64_t>(e.stale_until - now) * 1000};
  auto op = cache_.put(std::move(key), std::move(*value), lifetime);
  if (co_await std::move(op))
    ++counters_.written;
  else
    ++counters_.errors;
}

void shared_answers::publish_detached(std::string key, bip353_resolution r) {
  asio::co_spawn(executor_, publish(std::move(key), std::move(r)), asio::detached);
}

asio::awaitable<void> shared_answers::pause(milliseconds d) {
  asio::steady_timer timer(executor_, d);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<shared_answers::outcome> shared_answers::look_up_alone(name::address address, lookup_fn lookup,
                                                                      bool publish_it) {
  const auto key = address.text();
  auto op = lookup(std::move(address));
  auto r = co_await std::move(op);
  if (r && publish_it) {
    auto write = publish(key, *r);
    co_await std::move(write);
  }
  co_return outcome{std::move(r), std::nullopt};
}

asio::awaitable<shared_answers::outcome> shared_answers::look_up(name::address address, lookup_fn lookup) {
  const auto key = address.text();
  // However long the holder may take, plus a poll: then this relay looks
  // the name up itself rather than keep its client waiting.
  const auto give_up = std::chrono::steady_clock::now() + options_.lease + options_.poll_interval * 2;
  // A few rounds at most: each ends with this relay holding the lease, an
  // answer, or a reason to go on alone.
  for (int attempt = 0; attempt < 4 && cache_.available(); ++attempt) {
    auto claim_op = cache_.claim(key, options_.owner, options_.lease);
    auto claimed = co_await std::move(claim_op);
    if (!claimed) {
      ++counters_.errors;
      break;
    }
    if (*claimed) {
      if (attempt > 0) ++counters_.takeovers;
      // The holder before may have written the entry just before it let go.
      auto fetch_op = fetch(key);
      auto existing = co_await std::move(fetch_op);
      outcome out{make_error(dns::transport::errc::upstream_error, "no lookup"), std::nullopt};
      if (existing && existing->expires_at > clock_()) {
        ++counters_.waited;
        out = outcome{existing->resolution, std::move(existing)};
      } else {
        auto alone = look_up_alone(std::move(address), lookup, true);
        out = co_await std::move(alone);
        if (!out.value) {
          auto note = cache_.put_failure(key, out.value.err().code, options_.failure_memory);
          if (!co_await std::move(note)) ++counters_.errors;
        }
      }
      // Written before let go: a relay that sees the lease gone finds the
      // entry (or the failure) already there.
      auto release_op = cache_.release(key, options_.owner);
      if (!co_await std::move(release_op)) ++counters_.errors;
      co_return out;
    }
    // Another relay holds the lease: wait for what it writes.
    bool claim_again = false;
    while (!claim_again && std::chrono::steady_clock::now() < give_up) {
      auto wait = pause(options_.poll_interval);
      co_await std::move(wait);
      auto poll_op = cache_.poll(key);
      auto seen = co_await std::move(poll_op);
      if (!seen) {
        ++counters_.errors;
        break;
      }
      if (seen->entry) {
        auto checked = check(key, *seen->entry);
        if (checked && checked->expires_at > clock_()) {
          ++counters_.waited;
          co_return outcome{checked->resolution, std::move(checked)};
        }
        if (!checked) {
          ++counters_.refused;
          auto drop = cache_.drop_if_same(key, std::move(*seen->entry));
          if (!co_await std::move(drop)) ++counters_.errors;
          claim_again = true;
          continue;
        }
        // Past its TTL: the entry the holder is refreshing, not its answer.
        // Served now it would be stale data with no refresh having failed;
        // RFC 8767 section 4: "the stale record MAY be used as though it is
        // unexpired" only "if the data is unable to be authoritatively
        // refreshed when the TTL expires". So wait on for the holder's entry,
        // its failure, or the end of its lease, as with no entry at all.
      }
      // A holder writes its failure note and then lets go of the lease, so
      // a note is only believed once the lease is gone, and for a name at
      // most once per failure_memory: anyone who can write to Redis can
      // forge a note, and must not be able to deny a name that way. After
      // one believed note the next request claims the lease (which deletes
      // the note) and looks the name up.
      if (seen->failure && !seen->leased && believe_failure(key)) {
        ++counters_.waited;
        co_return outcome{shared_failure(*seen->failure), std::nullopt};
      } else if (!seen->leased) {
        claim_again = true;  // let go (or expired) with nothing written: take over
      }
    }
    if (!claim_again) break;
  }
  // Redis unavailable, failing, or the holder too slow: as a lone relay.
  auto alone = look_up_alone(std::move(address), std::move(lookup), true);
  auto out = co_await std::move(alone);
  co_return out;
}

}  // namespace hrn::resolve
