// connect_via_socks: the proxy's address is never resolved, the token's
// credentials reach the proxy, and the socket it returns is usable.
#include <catch2/catch.hpp>

#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "fake_socks_proxy.hpp"

using namespace hrn;
using namespace std::chrono_literals;
using hrn::test::proxy_script;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Runs connect_via_socks against the fake proxy with `token`.
struct via_outcome {
  bool connected = false;
  error failure;
  test::proxy_record record;
  std::string echoed;
  bool no_delay = false;  // TCP_NODELAY on the socket returned
};

via_outcome connect_with(const tor::isolation_token& token, proxy_script script) {
  via_outcome out;
  script.echo = true;
  out.record = test::run_with_proxy(
      script, [&](asio::io_context& io, std::uint16_t port) -> asio::awaitable<void> {
        const host_port proxy{"127.0.0.1", port};
        const tor::target dest{"resolver.example", 853};
        auto s = co_await tor::connect_via_socks(io.get_executor(), proxy, dest, token, 3s);
        if (!s) {
          out.failure = s.err();
          co_return;
        }
        out.connected = true;
        asio::ip::tcp::no_delay option;
        s->get_option(option);
        out.no_delay = option.value();
        const std::string ping = "ping";
        co_await asio::async_write(*s, asio::buffer(ping), asio::use_awaitable);
        std::string back(ping.size(), '\0');
        co_await asio::async_read(*s, asio::buffer(back), asio::use_awaitable);
        out.echoed = back;
      });
  return out;
}

}  // namespace

TEST_CASE("connect_via_socks sends the token's credentials and returns a working socket") {
  auto token = tor::isolation_token::fresh();
  REQUIRE(token);
  auto out = connect_with(*token, proxy_script{});
  REQUIRE(out.connected);
  CHECK(out.echoed == "ping");
  CHECK(out.record.username == token->credentials().username);
  CHECK(out.record.password == token->credentials().password);
  CHECK(out.record.atyp == 0x03);
  CHECK(std::string(out.record.address.begin(), out.record.address.end()) == "resolver.example");
}

TEST_CASE("connect_via_socks returns a socket with TCP_NODELAY") {
  // Every write on it is a whole message (a DNS flight, a TLS record): Nagle
  // would hold it until tor ACKs the one before.
  auto token = tor::isolation_token::fresh();
  REQUIRE(token);
  auto out = connect_with(*token, proxy_script{});
  REQUIRE(out.connected);
  CHECK(out.no_delay);
}

TEST_CASE("streams of one lookup share credentials, two lookups never do") {
  auto lookup_a = tor::isolation_token::fresh();
  auto lookup_b = tor::isolation_token::fresh();
  REQUIRE(lookup_a);
  REQUIRE(lookup_b);
  const tor::isolation_token a_again = *lookup_a;  // e.g. the same lookup's HTTPS fetch
  auto first = connect_with(*lookup_a, proxy_script{});
  auto second = connect_with(a_again, proxy_script{});
  auto other = connect_with(*lookup_b, proxy_script{});
  REQUIRE(first.connected);
  REQUIRE(second.connected);
  REQUIRE(other.connected);
  CHECK(first.record.password == second.record.password);
  CHECK(first.record.username == second.record.username);
  CHECK(first.record.password != other.record.password);
}

TEST_CASE("connect_via_socks refuses a proxy given by name, without resolving it") {
  auto token = tor::isolation_token::fresh();
  REQUIRE(token);
  asio::io_context io;
  std::optional<error> failure;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        const host_port proxy{"localhost", 9050};
        const tor::target dest{"example.com", 443};
        auto s = co_await tor::connect_via_socks(io.get_executor(), proxy, dest, *token, 1s);
        if (!s) failure = s.err();
      },
      asio::detached);
  io.run_for(5s);
  REQUIRE(failure);
  CHECK(failure->code == "bad_address");
}

TEST_CASE("connect_via_socks reports a proxy that is not listening") {
  auto token = tor::isolation_token::fresh();
  REQUIRE(token);
  asio::io_context io;
  // A port that was just free: bound, then closed.
  std::uint16_t port = 0;
  {
    tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }
  std::optional<error> failure;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        const host_port proxy{"127.0.0.1", port};
        const tor::target dest{"example.com", 443};
        auto s = co_await tor::connect_via_socks(io.get_executor(), proxy, dest, *token, 2s);
        if (!s) failure = s.err();
      },
      asio::detached);
  io.run_for(5s);
  REQUIRE(failure);
  CHECK(failure->code == "socks_proxy_unreachable");
}

TEST_CASE("connect_via_socks passes on the proxy's refusal") {
  auto token = tor::isolation_token::fresh();
  REQUIRE(token);
  proxy_script script;
  script.rep = 0x04;
  auto out = connect_with(*token, script);
  CHECK_FALSE(out.connected);
  CHECK(out.failure.code == "socks_host_unreachable");
}

TEST_CASE("connect_via_socks bounds the whole handshake by its timeout") {
  auto token = tor::isolation_token::fresh();
  REQUIRE(token);
  proxy_script script;
  script.stall_at = test::stall::after_connect_request;
  std::optional<error> failure;
  std::chrono::steady_clock::duration elapsed{};
  test::run_with_proxy(
      script, [&](asio::io_context& io, std::uint16_t port) -> asio::awaitable<void> {
        const host_port proxy{"127.0.0.1", port};
        const tor::target dest{"slow.example", 443};
        const auto start = std::chrono::steady_clock::now();
        auto s = co_await tor::connect_via_socks(io.get_executor(), proxy, dest, *token, 300ms);
        elapsed = std::chrono::steady_clock::now() - start;
        if (!s) failure = s.err();
      });
  REQUIRE(failure);
  CHECK(failure->code == "upstream_timeout");
  CHECK(elapsed >= 300ms);
  CHECK(elapsed < 550ms);
}
