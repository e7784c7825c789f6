// The Redis client when the server goes wrong: silent (SIGSTOP), killed and
// restarted, or not Redis at all. Calls fail fast with the right code, the
// state is told once per change, and the client comes back by itself.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "client_harness.hpp"
#include "support/redis_server.hpp"
#include "support/run_sync.hpp"

using namespace hrn::cache::redis;
using test_support::redis_harness;
using test_support::redis_options;
using test_support::redis_server;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

asio::awaitable<hrn::result<std::vector<reply>>> ping(client& c) {
  std::vector<client::command> commands{{"PING"}};
  auto op = c.run(std::move(commands));
  co_return co_await std::move(op);
}

}  // namespace

TEST_CASE("redis client: a silent server times out, then comes back", "[redis][client]") {
  redis_server server;
  redis_harness h(redis_options(server.url()));
  h.run([&]() -> asio::awaitable<void> {
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
    server.pause();
    const auto asked = clock_type::now();
    auto first = ping(h.client);
    bool second_timed_out = false;
    asio::co_spawn(  // waiting behind it: fails with it
        h.io,
        [&]() -> asio::awaitable<void> {
          auto second = ping(h.client);
          auto r = co_await std::move(second);
          second_timed_out = !r && r.err().code == errc::redis_timeout;
        },
        asio::detached);
    auto r = co_await std::move(first);
    const auto waited = clock_type::now() - asked;
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::redis_timeout);
    CHECK(waited >= 200ms);
    CHECK(waited < 2s);
    CHECK_FALSE(h.client.up());
    {
      auto waiting = h.wait_until([&] { return second_timed_out; }, 1000ms);
      const bool done = co_await std::move(waiting);
      CHECK(done);
    }
    auto now_down = ping(h.client);
    auto down = co_await std::move(now_down);
    REQUIRE_FALSE(down);
    CHECK(down.err().code == errc::redis_unavailable);

    server.resume();
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
    auto again = ping(h.client);
    auto back = co_await std::move(again);
    REQUIRE(back);
    CHECK((*back)[0].text == "PONG");
  });
  REQUIRE(h.states.size() == 3);
  CHECK(h.states[1].first == false);
  CHECK_THAT(h.states[1].second, Catch::Contains("no reply from Redis within 250 ms"));
  CHECK(h.states[2].first == true);
  CHECK(h.client.counters().disconnects == 2);  // timed out, then closed by stop()
  CHECK(h.client.counters().failures >= 3);
}

TEST_CASE("redis client: a killed server fails calls at once; a restart brings it back", "[redis][client]") {
  redis_server server;
  auto options = redis_options(server.url());
  options.command_timeout = 3000ms;  // "at once" must mean far less than this
  redis_harness h(options);
  h.run([&]() -> asio::awaitable<void> {
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
    server.kill();
    // In flight when the connection breaks, or asked after: both fail fast.
    const auto asked = clock_type::now();
    auto in_flight = ping(h.client);
    auto r = co_await std::move(in_flight);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::redis_unavailable);
    CHECK(clock_type::now() - asked < 500ms);
    {
      auto waiting = h.wait_until([&] { return !h.client.up(); }, 2000ms);
      const bool done = co_await std::move(waiting);
      REQUIRE(done);
    }
    const auto asked_down = clock_type::now();
    auto after = ping(h.client);
    auto down = co_await std::move(after);
    REQUIRE_FALSE(down);
    CHECK(down.err().code == errc::redis_unavailable);
    CHECK(clock_type::now() - asked_down < 50ms);
    // Still down while it retries: told once.
    auto retrying = h.wait_until([] { return false; }, 600ms);
    co_await std::move(retrying);

    server.start();
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
    auto again = ping(h.client);
    auto back = co_await std::move(again);
    REQUIRE(back);
  });
  REQUIRE(h.states.size() == 3);
  CHECK(h.states[0].first);
  CHECK_FALSE(h.states[1].first);
  CHECK(h.states[2].first);
  CHECK(h.client.counters().connects == 2);
  CHECK(h.client.counters().disconnects == 2);  // lost, then closed by stop()
}

TEST_CASE("redis client: nothing listening, then a server appears", "[redis][client]") {
  redis_server server;
  server.stop();
  redis_harness h(redis_options(server.url()));
  h.run([&]() -> asio::awaitable<void> {
    {
      auto waiting = h.wait_until([&] { return !h.states.empty(); }, 2000ms);
      const bool done = co_await std::move(waiting);
      REQUIRE(done);
    }
    CHECK_THAT(h.last_down(), Catch::Contains("cannot connect"));
    server.start();
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
  });
  REQUIRE(h.states.size() == 2);
  CHECK(h.states[1].first);
}

// A server that answers the handshake like Redis and then sends `then`.
struct fake_server {
  explicit fake_server(asio::io_context& io, std::string then) : acceptor(io, {asio::ip::address_v4::loopback(), 0}) {
    asio::co_spawn(io, serve(std::move(then)), asio::detached);
  }
  asio::awaitable<void> serve(std::string then) {
    for (;;) {
      auto accepting = acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      auto [ec, socket] = co_await std::move(accepting);
      if (ec) co_return;
      ++accepted;
      asio::co_spawn(acceptor.get_executor(), session(std::move(socket), then), asio::detached);
    }
  }
  static asio::awaitable<void> session(tcp::socket socket, std::string then) {
    char buffer[4096];
    auto handshake = socket.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
    co_await std::move(handshake);
    auto pong = asio::async_write(socket, asio::buffer(std::string_view("+PONG\r\n")), asio::as_tuple(asio::use_awaitable));
    co_await std::move(pong);
    auto command = socket.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
    co_await std::move(command);
    auto garbage = asio::async_write(socket, asio::buffer(then), asio::as_tuple(asio::use_awaitable));
    co_await std::move(garbage);
    // Then stays open until the client hangs up.
    auto rest = socket.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
    co_await std::move(rest);
  }
  tcp::acceptor acceptor;
  int accepted = 0;
};

TEST_CASE("redis client: a server that is not Redis is a protocol error, then retried", "[redis][client]") {
  const std::string hostile[] = {
      "HTTP/1.1 400 Bad Request\r\n\r\n",
      "*2000000000\r\n",
      "$999999999999\r\n",
      "+OK\r\n+an extra reply to nothing\r\n",
      std::string(1 << 16, '*'),
  };
  for (const auto& then : hostile) {
    INFO("the server sends " << then.substr(0, 40));
    std::unique_ptr<fake_server> fake;
    redis_harness h([&](asio::io_context& io) {
      fake = std::make_unique<fake_server>(io, then);
      auto options = redis_options("redis://127.0.0.1");
      options.where.port = fake->acceptor.local_endpoint().port();
      return options;
    });
    h.run([&]() -> asio::awaitable<void> {
      {
        auto up = h.require_up();
        co_await std::move(up);
      }
      auto asking = ping(h.client);
      auto r = co_await std::move(asking);
      // "+OK" answers the PING; the extra reply after it is the error.
      if (then.starts_with("+OK")) CHECK(r);
      else CHECK((!r && r.err().code == errc::redis_protocol_error));
      {
        auto waiting = h.wait_until([&] { return !h.client.up(); }, 2000ms);
        const bool done = co_await std::move(waiting);
        REQUIRE(done);
      }
      // It tries again, and the server's next handshake brings it back up.
      {
        auto waiting = h.wait_until([&] { return fake->accepted >= 2 && h.client.up(); }, 3000ms);
        const bool done = co_await std::move(waiting);
        CHECK(done);
      }
      fake->acceptor.close();
    });
    REQUIRE(h.states.size() >= 2);
    CHECK_FALSE(h.states[1].first);
    CHECK_THAT(h.states[1].second, Catch::Contains("Redis reply") || Catch::Contains("reply to no command"));
  }
}

TEST_CASE("redis client: stop() ends everything at once, even mid-connect", "[redis][client]") {
  redis_server server;
  server.pause();  // the TCP connect succeeds; the handshake never ends
  auto options = redis_options(server.url());
  options.connect_timeout = 10000ms;
  redis_harness h(options);
  const auto started = clock_type::now();
  h.run([&]() -> asio::awaitable<void> {
    auto settle = h.wait_until([] { return false; }, 200ms);
    co_await std::move(settle);
    CHECK_FALSE(h.client.up());
  });
  // The loop emptied well before the connect deadline: nothing was left waiting.
  CHECK(clock_type::now() - started < 2s);
  CHECK(h.states.empty());

  // After stop(), calls fail at once and start() does nothing.
  h.client.start();
  auto after = ping(h.client);
  auto r = test_support::run_sync(h.io, std::move(after));
  REQUIRE_FALSE(r);
  CHECK(r.err().code == errc::redis_unavailable);
  server.resume();
}
