// End to end on the private Tor network of tests/tornet (README.md there):
// managed tor joins it and reaches 100 %, publishes the relay's onion service
// with a key kept in the state directory, a client reaches the service
// through the network, and a second managed tor on the same state directory
// publishes the same address. Hidden ([.]): it needs a running network, so
// run it by hand:
//   bash tests/tornet/start.sh /tmp/tn && HRN_TORNET_ENV=/tmp/tn/env test_tor "[tornet]"
// Measured on the 2-core machine with the network up: 15-30 s.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "hrn/tor/managed_tor.hpp"
#include "test_support.hpp"
#include "hrn/tor/socks5.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

std::map<std::string, std::string> read_env(const std::string& path) {
  std::map<std::string, std::string> env;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (auto eq = line.find('='); eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  return env;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> torrc_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  return lines;
}

asio::awaitable<void> pause(clock_type::duration d) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  co_await t.async_wait(asio::use_awaitable);
}

void rethrow(std::exception_ptr e) {
  if (e) std::rethrow_exception(e);
}

// GET / from http://<id>.onion/ through the client's SOCKS port.
asio::awaitable<hrn::result<std::string>> fetch(hrn::host_port socks, std::string onion) {
  auto token = hrn::tor::isolation_token::fresh();
  if (!token) co_return std::move(token).err();
  hrn::tor::target where{onion, 80};
  auto s = co_await hrn::tor::connect_via_socks(co_await asio::this_coro::executor, socks, where,
                                                *token, 20s);
  if (!s) co_return std::move(s).err();
  std::string request = "GET / HTTP/1.0\r\nHost: " + onion + "\r\n\r\n";
  co_await asio::async_write(*s, asio::buffer(request), asio::use_awaitable);
  std::string body;
  // Until the server closes (HTTP/1.0): the end of the body is the eof.
  co_await asio::async_read(*s, asio::dynamic_buffer(body), asio::as_tuple(asio::use_awaitable));
  co_return body;
}

}  // namespace

TEST_CASE("tornet: managed tor bootstraps, publishes a persistent onion service, and a client reaches it",
          "[.][tornet]") {
  const char* env_path = std::getenv("HRN_TORNET_ENV");
  if (!env_path) {
    WARN("HRN_TORNET_ENV is not set: start tests/tornet and point it at RUN_DIR/env");
    return;
  }
  auto env = read_env(env_path);
  REQUIRE(env.count("NETWORK_TORRC"));
  const std::filesystem::path state_dir = hrn::tor::testing::temp_dir("hrn-tornet");

  hrn::tor::managed_tor_options options;
  options.state_dir = state_dir;
  options.extra_torrc_lines = torrc_lines(env["NETWORK_TORRC"]);
  options.poll_interval = 250ms;
  hrn::tor::onion_request onion;
  onion.ports.push_back({80, {"127.0.0.1", static_cast<std::uint16_t>(std::stoi(env["HTTP_PORT"]))}});
  onion.state_dir = state_dir;
  const hrn::host_port client_socks{"127.0.0.1", static_cast<std::uint16_t>(std::stoi(env["CLIENT_SOCKS_PORT"]))};
  const std::string page = read_file(env["HTTP_BODY"]);

  asio::io_context io;
  bool done = false;
  std::string first_id;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    const auto t0 = clock_type::now();
    {
      hrn::tor::managed_tor tor(io.get_executor(), options);
      auto started = co_await tor.start();  // not inside CHECK: g++ 12
      REQUIRE(started);
      while (tor.state().phase != hrn::tor::tor_phase::ready && clock_type::now() - t0 < 40s)
        co_await pause(250ms);
      INFO(hrn::tor::describe(tor.state()));
      REQUIRE(tor.state().phase == hrn::tor::tor_phase::ready);
      const auto ready_at = clock_type::now() - t0;

      auto added = co_await tor.control()->add_onion(onion);
      REQUIRE(added);
      CHECK(added->new_key);
      first_id = added->service_id;
      auto published = co_await tor.control()->wait_for_publication(first_id, 30s);  // not inside CHECK: g++ 12
      REQUIRE(published);
      const auto published_at = clock_type::now() - t0;

      hrn::result<std::string> got = hrn::make_error("none", "not tried");
      while (clock_type::now() - t0 < 50s) {
        got = co_await fetch(client_socks, added->address());
        if (got && got->find(page) != std::string::npos) break;
        co_await pause(500ms);
      }
      REQUIRE(got);
      CHECK(got->find(page) != std::string::npos);
      WARN("managed tor ready after " << std::chrono::duration_cast<std::chrono::milliseconds>(ready_at).count()
           << " ms, descriptor uploaded after "
           << std::chrono::duration_cast<std::chrono::milliseconds>(published_at).count()
           << " ms, page fetched through the onion after "
           << std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - t0).count() << " ms");
      co_await tor.stop();
    }
    {
      // A restart of the relay: a new tor, the same state directory, the same address.
      hrn::tor::managed_tor tor(io.get_executor(), options);
      auto restarted = co_await tor.start();  // not inside CHECK: g++ 12
      REQUIRE(restarted);
      auto again = co_await tor.control()->add_onion(onion);
      REQUIRE(again);
      CHECK_FALSE(again->new_key);
      CHECK(again->service_id == first_id);
      auto removed = co_await tor.control()->del_onion(again->service_id);
      INFO((removed ? std::string("ok") : removed.err().message));
      CHECK(removed);
      co_await tor.stop();
    }
    done = true;
  }, rethrow);
  io.run_for(90s);
  CHECK(done);
  std::filesystem::remove_all(state_dir);
}
