#include "hrn/cache/redis/client.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>

#include "connection.hpp"
#include "hrn/cache/redis/errors.hpp"
#include "hrn/dns/transport/deadline.hpp"

namespace hrn::cache::redis {
namespace asio = boost::asio;

struct client::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor e, client_options o, state_listener l)
      : ex(std::move(e)), options(std::move(o)), on_state(std::move(l)) {}

  asio::any_io_executor ex;
  client_options options;
  state_listener on_state;
  std::shared_ptr<asio::ssl::context> tls;
  client_counters counters;
  std::shared_ptr<connection> current;  // null while down
  std::string down_reason = "not connected yet";
  bool started = false;
  bool stopped = false;
  std::optional<bool> reported;           // the last state told to on_state
  asio::cancellation_signal stop_signal;  // ends the connect loop wherever it waits

  void report(bool up, const std::string& reason) {
    if (!up) down_reason = reason;
    if (reported == up) return;
    reported = up;
    // A copy: the listener may call stop(), which clears on_state.
    if (auto listener = on_state) listener(up, reason);
  }

  // Ends `c`: every call waiting on it fails with `code`. Replies still on
  // their way could no longer be matched, so nothing of it is kept.
  void drop(const std::shared_ptr<connection>& c, std::string_view code, const std::string& reason) {
    if (!c->open) return;
    c->open = false;
    c->close();
    c->closed.cancel();
    c->outbox.clear();
    auto waiting = std::exchange(c->pending, {});
    for (auto& w : waiting) {
      w->failure = make_error(code, reason);
      w->done = true;
      w->timer.cancel();
    }
    if (current == c) {
      current.reset();
      ++counters.disconnects;
      report(false, reason);
    }
  }

  asio::awaitable<void> connect_loop() {
    auto self = shared_from_this();
    // stop() cancels whatever this loop waits for; it then checks `stopped`.
    co_await asio::this_coro::throw_if_cancelled(false);
    auto backoff = options.retry_min;
    asio::steady_timer pause(ex);
    while (!stopped) {
      auto attempt = dns::with_deadline(open_connection(options, tls), options.connect_timeout);
      auto opened = co_await std::move(attempt);
      if (stopped) {
        if (opened && *opened) (**opened)->close();
        break;
      }
      if (opened && *opened) {
        auto c = std::move(**opened);
        current = c;
        ++counters.connects;
        backoff = options.retry_min;
        report(true, "");
        asio::co_spawn(ex, read_loop(c), asio::detached);
        if (c->open) {
          c->closed.expires_at(asio::steady_timer::time_point::max());
          co_await c->closed.async_wait(nothrow);
        }
        if (stopped) break;
      } else if (opened) {
        report(false, opened->err().message);
      } else {
        report(false, "no connection to Redis at " + options.where.to_string() + " within " +
                          std::to_string(options.connect_timeout.count()) + " ms (connect, TLS, AUTH, SELECT)");
      }
      // After a drop too: a server that breaks every connection at once
      // must not make this a busy loop.
      pause.expires_after(backoff);
      co_await pause.async_wait(nothrow);
      backoff = std::min(backoff * 2, options.retry_max);
    }
  }

  asio::awaitable<void> read_loop(std::shared_ptr<connection> c) {
    auto self = shared_from_this();
    std::array<std::uint8_t, 16384> buffer;
    while (c->open) {
      auto reading = c->read_some(asio::buffer(buffer));
      auto [ec, n] = co_await std::move(reading);
      if (!c->open) co_return;
      if (ec) {
        drop(c, errc::redis_unavailable, "Redis closed the connection: " + ec.message());
        co_return;
      }
      if (auto fed = c->reader.feed(byte_view(buffer.data(), n)); !fed) {
        drop(c, errc::redis_protocol_error, fed.err().message);
        co_return;
      }
      for (;;) {
        auto next = c->reader.next();
        if (!next) {
          drop(c, errc::redis_protocol_error, next.err().message);
          co_return;
        }
        if (!*next) break;
        if (c->pending.empty()) {
          drop(c, errc::redis_protocol_error, "Redis sent a reply to no command");
          co_return;
        }
        auto w = c->pending.front();
        w->replies.push_back(std::move(**next));
        if (w->replies.size() == w->expected) {
          c->pending.pop_front();
          w->done = true;
          w->timer.cancel();
        }
      }
    }
  }

  // Sends what is queued, one write at a time. It first lets the loop run
  // once, so the commands of callers that ask together leave in one write.
  asio::awaitable<void> write_loop(std::shared_ptr<connection> c) {
    auto self = shared_from_this();
    co_await asio::post(ex, asio::use_awaitable);
    while (c->open && !c->outbox.empty()) {
      bytes batch = std::exchange(c->outbox, {});
      auto writing = c->write_all(asio::buffer(batch));
      auto [ec, n] = co_await std::move(writing);
      if (ec) {
        drop(c, errc::redis_unavailable, "cannot send to Redis: " + ec.message());
        break;
      }
    }
    c->writing = false;
  }
};

client::client(asio::any_io_executor executor, client_options options, state_listener on_state)
    : impl_(std::make_shared<impl>(std::move(executor), std::move(options), std::move(on_state))) {
  if (impl_->options.where.kind == url::transport::tls)
    impl_->tls = tor::make_tls_context(tor::tls_options{.ca_file = impl_->options.ca_file});
}

client::~client() { stop(); }

void client::start() {
  if (impl_->started || impl_->stopped) return;
  impl_->started = true;
  asio::co_spawn(impl_->ex, impl_->connect_loop(),
                 asio::bind_cancellation_slot(impl_->stop_signal.slot(), [](std::exception_ptr) {}));
}

void client::stop() {
  auto& s = *impl_;
  if (s.stopped) return;
  s.stopped = true;
  // Nothing is told after stop(): its owner may be going away.
  s.on_state = nullptr;
  if (s.current) s.drop(s.current, errc::redis_unavailable, "Redis client stopped");
  s.stop_signal.emit(asio::cancellation_type::terminal);
}

bool client::up() const { return impl_->current && impl_->current->open; }
const client_counters& client::counters() const { return impl_->counters; }

asio::awaitable<result<std::vector<reply>>> client::run(std::vector<command> commands) {
  auto self = impl_;
  if (commands.empty()) co_return std::vector<reply>();
  auto c = self->current;
  if (self->stopped || !c || !c->open) {
    ++self->counters.failures;
    co_return make_error(errc::redis_unavailable, "not connected to Redis: " + self->down_reason);
  }
  self->counters.commands += commands.size();
  auto w = std::make_shared<call>(self->ex, commands.size());
  for (const auto& command : commands) {
    const auto wire = format_command(command);
    c->outbox.insert(c->outbox.end(), wire.begin(), wire.end());
  }
  c->pending.push_back(w);
  if (!c->writing) {
    c->writing = true;
    asio::co_spawn(self->ex, self->write_loop(c), asio::detached);
  }

  w->timer.expires_after(self->options.command_timeout);
  auto waiting = w->timer.async_wait(nothrow);
  auto [ec] = co_await std::move(waiting);
  if (!w->done && ec == asio::error::operation_aborted) {
    // The caller gave up (its own deadline). The call stays queued, so its
    // replies, when they come, are matched to it and dropped.
    ++self->counters.failures;
    co_return make_error(errc::redis_timeout, "Redis call cancelled by its caller");
  }
  if (!w->done)
    self->drop(c, errc::redis_timeout,
               "no reply from Redis within " + std::to_string(self->options.command_timeout.count()) + " ms");
  if (w->failure) {
    ++self->counters.failures;
    co_return std::move(*w->failure);
  }
  co_return std::move(w->replies);
}

}  // namespace hrn::cache::redis
