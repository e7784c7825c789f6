#pragma once
// Runs coroutines concurrently on the caller's executor and waits for all of
// them: the "send the whole flight, then wait" step of chain collection, and
// the names of one batch request.
//
// Cancellation-safe: when the caller is cancelled (an overall deadline raced
// against it with ||), every child is cancelled too and gather waits until
// all of them have finished before it returns, so no child outlives the
// frames and sessions it refers to. A cancelled gather then throws
// operation_aborted (its results are incomplete); the racing operator
// discards that, the deadline having won.

#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

namespace hrn::resolve {

// Each operation must bound its own time (every exchange has a deadline)
// and must finish promptly once cancelled.
template <class T>
boost::asio::awaitable<std::vector<T>> gather(std::vector<boost::asio::awaitable<T>> ops) {
  namespace asio = boost::asio;
  auto ex = co_await asio::this_coro::executor;
  struct state {
    explicit state(const asio::any_io_executor& e, std::size_t n)
        : done(e), results(n), signals(n), left(n) {}
    asio::steady_timer done;
    std::vector<std::optional<T>> results;
    std::vector<asio::cancellation_signal> signals;
    std::size_t left;
  };
  auto st = std::make_shared<state>(ex, ops.size());
  st->done.expires_at(asio::steady_timer::time_point::max());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    asio::co_spawn(
        ex,
        [st, i, op = std::move(ops[i])]() mutable -> asio::awaitable<void> {
          st->results[i].emplace(co_await std::move(op));
        },
        asio::bind_cancellation_slot(st->signals[i].slot(), [st](std::exception_ptr) {
          // A child that threw (or was torn down) leaves its slot empty.
          if (--st->left == 0) st->done.cancel();
        }));
  }
  // Our own cancellation must not throw out of the waits below: the
  // children have to be cancelled and awaited first.
  co_await asio::this_coro::throw_if_cancelled(false);
  bool cancelled = false;
  while (st->left > 0) {
    co_await st->done.async_wait(asio::as_tuple(asio::use_awaitable));
    if (st->left > 0) {
      // Woken with children still running: we were cancelled.
      cancelled = true;
      co_await asio::this_coro::reset_cancellation_state();
      for (auto& s : st->signals) s.emit(asio::cancellation_type::terminal);
    }
  }
  std::vector<T> out;
  out.reserve(st->results.size());
  for (auto& r : st->results) {
    if (!r) cancelled = true;
    if (cancelled) continue;
    out.push_back(std::move(*r));
  }
  if (cancelled) throw boost::system::system_error(asio::error::operation_aborted);
  co_return out;
}

}  // namespace hrn::resolve
