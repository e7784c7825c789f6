// How socks5_connect reads the proxy's answers: every REP code, refusals,
// malformed and truncated replies, and the stream after a success.
#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <tuple>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "fake_socks_proxy.hpp"
#include "test_support.hpp"

using namespace hrn;
using namespace std::chrono_literals;
using hrn::test::proxy_script;
using hrn::test::run_handshake;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {
const tor::target example{"example.com", 443};
}

TEST_CASE("every failure REP code from the proxy becomes its typed error") {
  for (const auto& [rep, code] : hrn::tor::testing::failure_replies) {
    INFO("REP " << int(rep));
    proxy_script script;
    script.rep = rep;
    auto out = run_handshake(script, example, test::test_credentials());
    REQUIRE(out.finished);
    REQUIRE_FALSE(out.result);
    CHECK(out.result.err().code == code);
  }
}

TEST_CASE("an unassigned REP code is a general failure naming the code") {
  proxy_script script;
  script.rep = 0x42;
  auto out = run_handshake(script, example, test::test_credentials());
  REQUIRE_FALSE(out.result);
  CHECK(out.result.err().code == "socks_general_failure");
  CHECK(out.result.err().message.find("0x42") != std::string::npos);
}

TEST_CASE("rejected credentials give socks_auth_failed") {
  proxy_script script;
  script.auth_status = 0x01;
  auto out = run_handshake(script, example, test::test_credentials());
  REQUIRE_FALSE(out.result);
  CHECK(out.result.err().code == "socks_auth_failed");
  CHECK(out.record.connect.empty());  // no CONNECT after a refusal
}

TEST_CASE("no acceptable method (0xFF) gives socks_no_acceptable_method") {
  proxy_script script;
  script.method = 0xFF;
  auto with = run_handshake(script, example, test::test_credentials());
  REQUIRE_FALSE(with.result);
  CHECK(with.result.err().code == "socks_no_acceptable_method");
  auto without = run_handshake(script, example, std::nullopt);
  REQUIRE_FALSE(without.result);
  CHECK(without.result.err().code == "socks_no_acceptable_method");
}

TEST_CASE("a proxy choosing NO AUTH when credentials were offered is a protocol error") {
  // Accepting it would quietly lose the lookup's circuit isolation.
  proxy_script script;
  script.method = 0x00;
  auto out = run_handshake(script, example, test::test_credentials());
  REQUIRE_FALSE(out.result);
  CHECK(out.result.err().code == "socks_protocol");
  CHECK(out.record.connect.empty());
}

TEST_CASE("malformed and truncated replies give socks_protocol without hanging") {
  struct bad_case {
    const char* what;
    proxy_script script;
  };
  std::vector<bad_case> cases;
  auto add = [&](const char* what, auto&& tweak) {
    proxy_script s;
    tweak(s);
    cases.push_back({what, s});
  };
  add("method reply, bad version", [](proxy_script& s) { s.method_reply = bytes{0x04, 0x02}; });
  add("method reply truncated", [](proxy_script& s) { s.method_reply = bytes{0x05}; });
  add("auth reply, bad version", [](proxy_script& s) { s.auth_reply = bytes{0x05, 0x00}; });
  add("auth reply truncated", [](proxy_script& s) { s.auth_reply = bytes{0x01}; });
  add("reply, bad version",
      [](proxy_script& s) { s.connect_reply = bytes{0x04, 0, 0, 1, 0, 0, 0, 0, 0, 0}; });
  add("reply, bad reserved",
      [](proxy_script& s) { s.connect_reply = bytes{0x05, 0, 7, 1, 0, 0, 0, 0, 0, 0}; });
  add("reply, unknown ATYP",
      [](proxy_script& s) { s.connect_reply = bytes{0x05, 0, 0, 9, 0, 0, 0, 0, 0, 0}; });
  add("reply, empty domain",
      [](proxy_script& s) { s.connect_reply = bytes{0x05, 0, 0, 3, 0, 0, 0}; });
  add("reply truncated in header", [](proxy_script& s) { s.connect_reply = bytes{0x05, 0}; });
  add("reply truncated in address",
      [](proxy_script& s) { s.connect_reply = bytes{0x05, 0, 0, 1, 127, 0}; });
  add("reply truncated in domain",
      [](proxy_script& s) { s.connect_reply = bytes{0x05, 0, 0, 3, 10, 'a', 'b'}; });
  add("reply truncated in port", [](proxy_script& s) {
    s.connect_reply = bytes{0x05, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
  });
  add("nothing at all", [](proxy_script& s) { s.connect_reply = bytes{}; });
  for (const auto& c : cases) {
    INFO(c.what);
    auto out = run_handshake(c.script, example, test::test_credentials(), 3s);
    REQUIRE(out.finished);
    REQUIRE_FALSE(out.result);
    CHECK(out.result.err().code == "socks_protocol");
    CHECK(out.elapsed < 1s);  // decided by the hang-up, not by the deadline
  }
}

TEST_CASE("after a successful handshake the socket carries bytes both ways") {
  proxy_script script;
  script.echo = true;
  std::string echoed;
  status handshake = unit{};
  test::run_with_proxy(
      script, [&](asio::io_context& io, std::uint16_t port) -> asio::awaitable<void> {
        tcp::socket s(io);
        const tcp::endpoint proxy(asio::ip::make_address("127.0.0.1"), port);
        co_await s.async_connect(proxy, asio::use_awaitable);
        const tor::target dest{"echo.example", 7};
        handshake = co_await tor::socks5_connect(s, dest, test::test_credentials(),
                                                 std::chrono::steady_clock::now() + 3s);
        if (!handshake) co_return;
        const std::string message = "lno1 through the proxy";
        co_await asio::async_write(s, asio::buffer(message), asio::use_awaitable);
        std::string back(message.size(), '\0');
        co_await asio::async_read(s, asio::buffer(back), asio::use_awaitable);
        echoed = back;
      });
  REQUIRE(handshake);
  CHECK(echoed == "lno1 through the proxy");
}

TEST_CASE("application bytes right behind the reply are left for the caller") {
  // tor may relay the destination's first bytes in the same segment as the reply.
  proxy_script script;
  const std::string banner = "220 banner\r\n";
  script.after_reply.assign(banner.begin(), banner.end());
  std::string got;
  status handshake = unit{};
  test::run_with_proxy(script,
                       [&](asio::io_context& io, std::uint16_t port) -> asio::awaitable<void> {
                         tcp::socket s(io);
                         const tcp::endpoint proxy(asio::ip::make_address("127.0.0.1"), port);
                         co_await s.async_connect(proxy, asio::use_awaitable);
                         const tor::target dest{"mail.example", 25};
                         handshake = co_await tor::socks5_connect(
                             s, dest, std::nullopt, std::chrono::steady_clock::now() + 3s);
                         if (!handshake) co_return;
                         std::string first(banner.size(), '\0');
                         co_await asio::async_read(s, asio::buffer(first), asio::use_awaitable);
                         got = first;
                       });
  REQUIRE(handshake);
  CHECK(got == banner);
}
