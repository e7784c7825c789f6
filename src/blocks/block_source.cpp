#include "hrn/blocks/block_source.hpp"

#include <algorithm>
#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "hrn/blocks/errors.hpp"
#include "hrn/blocks/tip_tracker.hpp"
#include "hrn/dns/transport/deadline.hpp"
#include "hrn/tor/tls.hpp"
#include "polls.hpp"

namespace hrn::blocks {
namespace asio = boost::asio;

namespace {
// While tor cannot carry streams yet, look again this often (not counted
// as a failed poll: the source was never asked).
constexpr std::chrono::seconds tor_wait{2};
}  // namespace

struct block_source::impl {
  impl(asio::any_io_executor ex, source_options o, socks_source s, unix_clock c)
      : executor(ex), options(std::move(o)), socks(std::move(s)), clock(std::move(c)),
        tracker(options.max_age), timer(ex) {}

  asio::any_io_executor executor;
  source_options options;
  socks_source socks;
  unix_clock clock;
  tip_tracker tracker;
  asio::steady_timer timer;
  std::mt19937_64 random{std::random_device{}()};
  asio::cancellation_signal stop_signal;
  std::shared_ptr<asio::ssl::context> tls;
  bool stopped = false;

  // One poll's deadline: the poll interval, but at least 5 s (a Tor circuit
  // and a TLS handshake take a few round trips) and at most 30 s.
  std::chrono::milliseconds deadline() const {
    return std::clamp<std::chrono::milliseconds>(options.poll, std::chrono::seconds(5), std::chrono::seconds(30));
  }

  asio::awaitable<result<std::vector<block_ref>>> ask(std::optional<host_port> via) {
    if (options.spec.kind == source_kind::esplora)
      return detail::poll_esplora(executor, options.spec, std::move(via), tls, deadline());
    detail::rpc_auth_files auth{options.rpc_cookie_file, options.rpc_user, options.rpc_password_file};
    return detail::poll_bitcoind(executor, options.spec, std::move(auth), deadline());
  }

  void record(result<std::vector<block_ref>> polled) {
    const auto now = clock();
    auto tip = polled ? make_tip(*polled, hashes_kept, now) : result<flag::chain_tip>(std::move(polled).err());
    const bool had_tip = tracker.state(now).tip.has_value();
    const auto kind = kind_name(options.spec.kind);
    if (tip) {
      const auto height = tip->height;
      const auto news = tracker.on_success(std::move(*tip));
      if (news.recovered) spdlog::info("blocks: the {} source answers again", kind);
      if (news.tip_changed) spdlog::info("blocks: tip at height {}", height);
      return;
    }
    const auto news = tracker.on_failure(tip.err(), now);
    if (news.started_failing)
      spdlog::warn("blocks: the {} source {}: {}{}", kind, failure_kind(tip.err()), tip.err().message,
                   had_tip ? " (the last tip is kept until --blocks-max-age)" : "");
  }

  // The poll interval ±10 %, at random: polls at an exact period, each on a
  // new circuit, would still line up into one series for the source's
  // operator (and tell this relay's polls from another's).
  std::chrono::milliseconds jittered(std::chrono::milliseconds poll) {
    const auto spread = poll.count() / 10;
    if (spread == 0) return poll;
    std::uniform_int_distribution<long long> pick(-spread, spread);
    return poll + std::chrono::milliseconds(pick(random));
  }

  static asio::awaitable<void> run(std::shared_ptr<impl> self) {
    while (!self->stopped) {
      std::chrono::milliseconds next = self->jittered(self->options.poll);
      std::optional<host_port> via;
      const bool needs_tor = self->options.spec.kind == source_kind::esplora && !self->options.direct;
      if (needs_tor) via = self->socks();
      if (needs_tor && !via) {
        next = std::min<std::chrono::milliseconds>(next, tor_wait);
      } else {
        auto op = self->ask(std::move(via));
        auto bounded = dns::with_deadline(std::move(op), self->deadline());
        auto polled = co_await std::move(bounded);
        if (self->stopped) break;
        if (polled)
          self->record(std::move(*polled));
        else
          self->record(make_error(errc::source_timeout, "no complete answer within " +
                                                            std::to_string(self->deadline().count()) + " ms"));
      }
      self->timer.expires_after(next);
      auto [ec] = co_await self->timer.async_wait(asio::as_tuple(asio::use_awaitable));
      (void)ec;  // cancelled by stop(): the loop condition says so
    }
  }
};

block_source::block_source(asio::any_io_executor executor, source_options options, socks_source socks,
                           unix_clock clock)
    : impl_(std::make_shared<impl>(executor, std::move(options), std::move(socks), std::move(clock))) {
  if (impl_->options.spec.kind == source_kind::esplora && impl_->options.spec.tls)
    impl_->tls = tor::make_tls_context({impl_->options.ca_file, true});
}

block_source::~block_source() { stop(); }

void block_source::start() {
  spdlog::info("blocks: {} source, a poll every {} s, a tip kept {} s without confirmation",
               kind_name(impl_->options.spec.kind), impl_->options.poll.count(), impl_->options.max_age.count());
  asio::co_spawn(impl_->executor, impl::run(impl_),
                 asio::bind_cancellation_slot(impl_->stop_signal.slot(), [](std::exception_ptr) {}));
}

void block_source::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->timer.cancel();
  impl_->stop_signal.emit(asio::cancellation_type::terminal);
}

flag::tip_state block_source::state() const { return impl_->tracker.state(impl_->clock()); }

source_status block_source::status() const {
  return {kind_name(impl_->options.spec.kind), impl_->tracker.failures(), impl_->tracker.last_good()};
}

}  // namespace hrn::blocks
