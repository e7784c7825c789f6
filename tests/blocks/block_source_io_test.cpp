// The block source against a hostile server on loopback (a bitcoind-like
// source: the same HTTP reader serves Esplora through Tor): replies that
// never end or stall must end the poll with a reason, within its deadline
// and its size caps, and never leave a tip.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "hrn/blocks/block_source.hpp"

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

// What the server does after reading a request: write `head`, then `filler`
// `repeat` times, then hold the connection open for `hold`.
struct behaviour {
  std::string head;
  std::string filler;
  std::size_t repeat = 0;
  std::chrono::seconds hold{20};
};

asio::awaitable<void> serve_one(tcp::socket socket, behaviour b, std::shared_ptr<std::size_t> sent) {
  std::string request(4096, '\0');
  auto [rec, rn] = co_await socket.async_read_some(asio::buffer(request), nothrow);
  if (rec) co_return;
  auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(b.head), nothrow);
  if (wec) co_return;
  for (std::size_t i = 0; i < b.repeat; ++i) {
    auto [fec, fn] = co_await asio::async_write(socket, asio::buffer(b.filler), nothrow);
    if (fec) co_return;  // the relay hung up: it stopped reading
    *sent += fn;
  }
  asio::steady_timer hold(socket.get_executor());
  hold.expires_after(b.hold);
  auto [hec] = co_await hold.async_wait(nothrow);
  (void)hec;
}

asio::awaitable<void> serve(tcp::acceptor& acceptor, behaviour b, std::shared_ptr<std::size_t> sent) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(nothrow);
    if (ec) co_return;
    asio::co_spawn(acceptor.get_executor(), serve_one(std::move(socket), b, sent), asio::detached);
  }
}

struct poll_outcome {
  hrn::flag::tip_state state;
  hrn::blocks::source_status status;
  std::size_t sent = 0;
};

// One relay block source polling a server that behaves as `b`, watched for
// `watch`; returns what it says then.
poll_outcome poll_against(behaviour b, std::chrono::seconds poll, std::chrono::seconds watch) {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const auto port = acceptor.local_endpoint().port();
  auto sent = std::make_shared<std::size_t>(0);
  asio::co_spawn(io, serve(acceptor, b, sent), asio::detached);

  const auto cookie = std::filesystem::temp_directory_path() /
                      ("hrn-blocks-io-test-" + std::to_string(::getpid()) + ".cookie");
  std::ofstream(cookie) << "__cookie__:0123456789abcdef0123456789abcdef\n";
  hrn::blocks::source_options options;
  options.spec = *hrn::blocks::parse_source_spec("bitcoind:http://127.0.0.1:" + std::to_string(port));
  options.rpc_cookie_file = cookie.string();
  options.poll = poll;  // one poll in the watch: its deadline is the interval (5 to 30 s)
  options.max_age = 4 * poll;
  auto source = std::make_unique<hrn::blocks::block_source>(
      io.get_executor(), options, [] { return std::optional<hrn::host_port>{}; },
      [] { return std::uint64_t{1754560000}; });
  source->start();
  io.run_for(watch);
  poll_outcome out{source->state(), source->status(), *sent};
  // stop() is for the event loop's thread.
  asio::post(io, [&] {
    source->stop();
    acceptor.close();
  });
  io.run_for(std::chrono::milliseconds(200));
  source.reset();
  std::filesystem::remove(cookie);
  return out;
}

}  // namespace

TEST_CASE("block source: a chunk header that never ends is cut at the size cap, not read until the deadline") {
  // RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF. A chunk extension
  // without its CRLF is a line the reader must hold whole; Beast bounds
  // neither it nor the trailer section, so only the buffer's own cap can.
  behaviour b;
  b.head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10;ext=";
  b.filler = std::string(64 * 1024, 'a');
  b.repeat = 64;  // 4 MiB of one extension
  const auto out = poll_against(b, std::chrono::seconds(60), std::chrono::seconds(3));
  REQUIRE_FALSE(out.state.tip);
  CHECK(out.status.poll_failures == 1);
  CHECK(out.state.reason.find("answers invalid data") != std::string::npos);
  CHECK(out.state.reason.find("over") != std::string::npos);
  // The relay stopped reading long before the 4 MiB were through.
  CHECK(out.sent < 1024 * 1024);
}

TEST_CASE("block source: a trailer section that never ends is cut at the size cap") {
  behaviour b;
  b.head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n0\r\n";
  b.filler = std::string();
  for (int i = 0; i < 2048; ++i) b.filler += "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
  b.repeat = 64;
  const auto out = poll_against(b, std::chrono::seconds(60), std::chrono::seconds(3));
  REQUIRE_FALSE(out.state.tip);
  CHECK(out.state.reason.find("answers invalid data") != std::string::npos);
  CHECK(out.sent < 1024 * 1024);
}

TEST_CASE("block source: a reply that stalls after its headers ends at the poll's deadline") {
  behaviour b;
  b.head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"id\"";
  b.hold = std::chrono::seconds(60);
  // A poll every 5 s has a deadline of 5 s: one failed poll in 7 s.
  const auto out = poll_against(b, std::chrono::seconds(5), std::chrono::seconds(7));
  REQUIRE_FALSE(out.state.tip);
  CHECK(out.status.poll_failures == 1);
  CHECK(out.state.reason.find("unreachable") != std::string::npos);
  CHECK(out.state.reason.find("no complete answer within 5000 ms") != std::string::npos);
}
