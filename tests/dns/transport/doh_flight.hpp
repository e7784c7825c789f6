#pragma once
// Helpers for DoH client tests: queries told apart by a marker octet, a
// flight of exchanges started together with each one's outcome and time, and
// a run of a client against a scripted server on loopback, bounded in time.

#include <catch2/catch.hpp>

#include <chrono>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace test_support {

// A 12-octet DNS header (ID 0x1234, RD) plus a marker octet the scripted
// servers read to pick what to do with this query.
inline hrn::bytes query_with_marker(std::uint8_t marker) {
  hrn::bytes q(13, 0);
  q[0] = 0x12;
  q[1] = 0x34;
  q[2] = 0x01;
  q[12] = marker;
  return q;
}

struct outcome {
  hrn::result<hrn::bytes> reply;
  std::chrono::steady_clock::duration took;

  bool failed_with(std::string_view code) const { return !reply && reply.err().code == code; }
  std::string message() const { return reply ? std::string("(answered)") : reply.err().message; }
};

// Starts one exchange per marker at once and waits for all of them.
template <class Client>
boost::asio::awaitable<std::vector<outcome>> flight(std::shared_ptr<Client> client,
                                                    std::vector<std::uint8_t> markers,
                                                    std::chrono::milliseconds timeout) {
  namespace asio = boost::asio;
  auto ex = co_await asio::this_coro::executor;
  auto got = std::make_shared<std::vector<std::optional<outcome>>>(markers.size());
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < markers.size(); ++i) {
    asio::co_spawn(
        ex,
        [client, got, i, t0, q = query_with_marker(markers[i]), timeout]() -> asio::awaitable<void> {
          auto op = client->exchange(q, timeout);  // named: g++ 12 miscompiles temporaries owning memory in co_await
          auto r = co_await std::move(op);
          (*got)[i].emplace(outcome{std::move(r), std::chrono::steady_clock::now() - t0});
        },
        asio::detached);
  }
  asio::steady_timer poll(ex);
  for (;;) {
    bool all = true;
    for (auto& o : *got) all = all && o.has_value();
    if (all) break;
    poll.expires_after(std::chrono::milliseconds(5));
    co_await poll.async_wait(asio::use_awaitable);
  }
  std::vector<outcome> out;
  for (auto& o : *got) out.push_back(std::move(*o));
  co_return out;
}

// Waits (on the loop, so the client keeps running) until `probe` is true or
// `limit` passed; returns the last probe.
inline boost::asio::awaitable<bool> eventually(std::function<bool()> probe, std::chrono::milliseconds limit) {
  namespace asio = boost::asio;
  asio::steady_timer poll(co_await asio::this_coro::executor);
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!probe() && std::chrono::steady_clock::now() < end) {
    poll.expires_after(std::chrono::milliseconds(10));
    co_await poll.async_wait(asio::use_awaitable);
  }
  co_return probe();
}

// The peak resident memory of this process so far, in KiB (Linux): what a
// flood made the client hold, even for a moment.
inline long peak_resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  FAIL("no VmHWM in /proc/self/status");
  return 0;
}

// Connects a plain TCP socket to 127.0.0.1:port, hands it to `body`, runs
// the loop until the body is done (at most `limit`), rethrowing its failures.
inline void run_connected(unsigned short port,
                          std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket)> body,
                          std::chrono::seconds limit = std::chrono::seconds(30)) {
  namespace asio = boost::asio;
  using tcp = asio::ip::tcp;
  asio::io_context io;
  bool done = false;
  std::exception_ptr failure;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        tcp::socket s(io);
        const tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
        co_await s.async_connect(server, asio::use_awaitable);
        auto scenario = body(std::move(s));
        co_await std::move(scenario);
        done = true;
      },
      [&](std::exception_ptr e) { failure = e; });
  io.run_for(limit);
  if (failure) std::rethrow_exception(failure);
  REQUIRE(done);
}

}  // namespace test_support
