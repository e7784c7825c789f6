#pragma once
// Runs a coroutine to completion on a fresh io_context and returns its value:
// for tests of code that awaits (the router, the answer service).

#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace test_support {

template <class T>
T run_sync(boost::asio::io_context& io, boost::asio::awaitable<T> op) {
  std::optional<T> out;
  std::exception_ptr failure;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        auto value = co_await std::move(op);
        out.emplace(std::move(value));
      },
      [&](std::exception_ptr e) { failure = e; });
  io.restart();
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*out);
}

template <class T>
T run_sync(boost::asio::awaitable<T> op) {
  boost::asio::io_context io;
  return run_sync(io, std::move(op));
}

}  // namespace test_support
