#pragma once
// Races an operation against a timer: the operation's value, or nullopt when
// the deadline came first (the operation is then cancelled through Asio's
// per-operation cancellation). Nothing outlives the call, so no handler can
// touch a coroutine frame that is gone.

#include <chrono>
#include <optional>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace hrn::dns {

template <class T>
boost::asio::awaitable<std::optional<T>> with_deadline(boost::asio::awaitable<T> op,
                                                       std::chrono::steady_clock::duration limit) {
  using namespace boost::asio::experimental::awaitable_operators;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  timer.expires_after(limit);
  auto winner = co_await (std::move(op) || timer.async_wait(boost::asio::use_awaitable));
  if (winner.index() == 0) co_return std::move(std::get<0>(winner));
  co_return std::nullopt;
}

}  // namespace hrn::dns
