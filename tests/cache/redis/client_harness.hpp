#pragma once
// Runs a client test as one coroutine on a fresh io_context, with a client
// whose state changes are recorded, and always stops the client at the end
// (even when a check fails), so the loop empties and the test returns.

#include <catch2/catch.hpp>

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/cache/redis/client.hpp"
#include "hrn/cache/redis/errors.hpp"

namespace test_support {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Options for tests: short waits, fast reconnects.
inline hrn::cache::redis::client_options redis_options(const std::string& url_text) {
  auto where = hrn::cache::redis::parse_url(url_text);
  REQUIRE(where);
  hrn::cache::redis::client_options o;
  o.where = *where;
  o.connect_timeout = 1000ms;
  o.command_timeout = 250ms;
  o.retry_min = 50ms;
  o.retry_max = 200ms;
  return o;
}

struct redis_harness {
  explicit redis_harness(hrn::cache::redis::client_options o)
      : redis_harness([&](asio::io_context&) { return std::move(o); }) {}
  // For options that need the loop first (a fake server's port).
  explicit redis_harness(std::function<hrn::cache::redis::client_options(asio::io_context&)> make)
      : client(io.get_executor(), make(io), [this](bool up, const std::string& reason) {
          states.emplace_back(up, reason);
        }) {}

  asio::io_context io;
  std::vector<std::pair<bool, std::string>> states;
  hrn::cache::redis::client client;

  // Polls `done` every 10 ms for at most `limit`; true once it holds.
  asio::awaitable<bool> wait_until(std::function<bool()> done, std::chrono::milliseconds limit) {
    asio::steady_timer timer(io);
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= until) co_return false;
      timer.expires_after(10ms);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    co_return true;
  }

  asio::awaitable<bool> wait_up() { return wait_until([this] { return client.up(); }, 5000ms); }
  // Fails the test unless the client comes up within 5 s. (REQUIRE here, not
  // around a co_await in the test: g++ 12 crashes on that shape.)
  asio::awaitable<void> require_up() {
    auto waiting = wait_up();
    const bool done = co_await std::move(waiting);
    REQUIRE(done);
  }
  // The reason of the last "down", once one was told.
  std::string last_down() const {
    for (auto it = states.rbegin(); it != states.rend(); ++it)
      if (!it->first) return it->second;
    return "";
  }

  // Starts the client, runs `scenario`, stops the client; rethrows a failed check.
  void run(std::function<asio::awaitable<void>()> scenario, std::chrono::seconds limit = 60s) {
    client.start();
    std::exception_ptr failure;
    bool finished = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          try {
            auto body = scenario();
            co_await std::move(body);
          } catch (...) {
            failure = std::current_exception();
          }
          client.stop();
          finished = true;
        },
        [](std::exception_ptr) {});
    io.run_for(limit);
    if (failure) std::rethrow_exception(failure);
    REQUIRE(finished);
  }
};

}  // namespace test_support
