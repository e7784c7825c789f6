#pragma once
// Runs coroutines concurrently on the caller's executor and waits for all of
// them: the "send the whole flight, then wait" step of chain collection.

#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace hrn::resolve {

// Each operation must bound its own time (every exchange has a deadline).
template <class T>
boost::asio::awaitable<std::vector<T>> gather(std::vector<boost::asio::awaitable<T>> ops) {
  namespace asio = boost::asio;
  auto ex = co_await asio::this_coro::executor;
  struct state {
    explicit state(const asio::any_io_executor& e, std::size_t n) : done(e), results(n), left(n) {}
    asio::steady_timer done;
    std::vector<std::optional<T>> results;
    std::size_t left;
  };
  auto st = std::make_shared<state>(ex, ops.size());
  st->done.expires_at(asio::steady_timer::time_point::max());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    asio::co_spawn(
        ex,
        [st, i, op = std::move(ops[i])]() mutable -> asio::awaitable<void> {
          st->results[i].emplace(co_await std::move(op));
          if (--st->left == 0) st->done.cancel();
        },
        asio::detached);
  }
  if (st->left > 0) co_await st->done.async_wait(asio::as_tuple(asio::use_awaitable));
  std::vector<T> out;
  out.reserve(st->results.size());
  for (auto& r : st->results) out.push_back(std::move(*r));
  co_return out;
}

}  // namespace hrn::resolve
