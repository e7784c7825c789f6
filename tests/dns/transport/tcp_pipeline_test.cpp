// The pipelined DNS-over-TCP client against an in-process server that
// misbehaves on purpose: replies out of order, stalls, sends junk, hangs up.
#include <catch2/catch.hpp>

#include <functional>
#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "hrn/dns/transport/tcp_pipeline.hpp"

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

// A 12-octet header plus a marker byte so replies can be told apart.
hrn::bytes query_with_marker(std::uint8_t marker) {
  hrn::bytes q(13, 0);
  q[2] = 0x01;  // RD
  q[12] = marker;
  return q;
}

asio::awaitable<hrn::bytes> read_frame(tcp::socket& s) {
  std::uint8_t len[2];
  auto [ec, n] = co_await asio::async_read(s, asio::buffer(len), nothrow);
  if (ec) co_return hrn::bytes{};
  hrn::bytes m(static_cast<std::size_t>(len[0] << 8 | len[1]));
  auto [ec2, n2] = co_await asio::async_read(s, asio::buffer(m), nothrow);
  if (ec2) co_return hrn::bytes{};
  co_return m;
}

asio::awaitable<void> write_frame(tcp::socket& s, hrn::bytes m) {
  hrn::bytes f(m.size() + 2);
  f[0] = static_cast<std::uint8_t>(m.size() >> 8);
  f[1] = static_cast<std::uint8_t>(m.size());
  std::copy(m.begin(), m.end(), f.begin() + 2);
  co_await asio::async_write(s, asio::buffer(f), nothrow);
}

hrn::bytes as_reply(hrn::bytes q) {
  q[2] |= 0x80;  // QR
  return q;
}

// Runs `server` on one accepted connection and `client` against a pipeline
// connected to it; the whole exchange is bounded in time.
void run_pair(std::function<asio::awaitable<void>(tcp::socket)> server,
              std::function<asio::awaitable<void>(std::shared_ptr<hrn::dns::tcp_pipeline>)> client) {
  asio::io_context io;
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  bool client_done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    auto [ec, s] = co_await acceptor.async_accept(nothrow);
    REQUIRE_FALSE(ec);
    co_await server(std::move(s));
  }, asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    tcp::socket s(io);
    co_await s.async_connect({asio::ip::make_address("127.0.0.1"), port}, asio::use_awaitable);
    auto pipeline = hrn::dns::tcp_pipeline::start(io.get_executor(),
                                                  hrn::dns::make_byte_stream(std::move(s)));
    co_await client(pipeline);
    pipeline->close();
    client_done = true;
  }, asio::detached);
  io.run_for(10s);
  CHECK(client_done);
}

// A stream that records every write and never has anything to read.
class recording_stream final : public hrn::dns::byte_stream {
 public:
  recording_stream(asio::io_context& io, std::vector<std::size_t>& writes) : idle_(io), writes_(writes) {}
  asio::awaitable<boost::system::error_code> read_exactly(asio::mutable_buffer) override {
    idle_.expires_after(1h);
    co_await idle_.async_wait(nothrow);
    co_return asio::error::operation_aborted;
  }
  asio::awaitable<std::pair<boost::system::error_code, std::size_t>> read_some(
      asio::mutable_buffer b) override {
    co_return std::pair{co_await read_exactly(b), std::size_t{0}};
  }
  asio::awaitable<boost::system::error_code> write_all(asio::const_buffer b) override {
    writes_.push_back(b.size());
    co_return boost::system::error_code{};
  }
  void close() override { idle_.cancel(); }

 private:
  asio::steady_timer idle_;
  std::vector<std::size_t>& writes_;
};

}  // namespace

TEST_CASE("queries started together leave in one write; a later one in another") {
  asio::io_context io;
  std::vector<std::size_t> writes;
  auto pipeline = hrn::dns::tcp_pipeline::start(io.get_executor(),
                                                std::make_unique<recording_stream>(io, writes));
  bool done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    using namespace asio::experimental::awaitable_operators;
    // Three queries of one flight (nobody answers: they time out).
    auto a = pipeline->exchange(query_with_marker(1), 50ms);
    auto b = pipeline->exchange(query_with_marker(2), 50ms);
    auto c = pipeline->exchange(query_with_marker(3), 50ms);
    co_await (std::move(a) && std::move(b) && std::move(c));
    CHECK(writes == std::vector<std::size_t>{3 * (2 + 13)});
    // A query asked after the flight is its own write.
    co_await pipeline->exchange(query_with_marker(4), 50ms);
    CHECK(writes == std::vector<std::size_t>{3 * (2 + 13), 2 + 13});
    pipeline->close();
    done = true;
  }, asio::detached);
  io.run_for(5s);
  CHECK(done);
}

TEST_CASE("pipelined queries are matched to out-of-order replies by ID") {
  run_pair(
      [](tcp::socket s) -> asio::awaitable<void> {
        std::vector<hrn::bytes> got;
        for (int i = 0; i < 3; ++i) got.push_back(co_await read_frame(s));
        // All three were sent before any reply: that is the pipelining.
        for (auto it = got.rbegin(); it != got.rend(); ++it) co_await write_frame(s, as_reply(*it));
        co_await read_frame(s);  // until the client hangs up
      },
      [](auto p) -> asio::awaitable<void> {
        using namespace asio::experimental::awaitable_operators;
        auto a = p->exchange(query_with_marker(1), 5s);
        auto b = p->exchange(query_with_marker(2), 5s);
        auto c = p->exchange(query_with_marker(3), 5s);
        auto [ra, rb, rc] = co_await (std::move(a) && std::move(b) && std::move(c));
        REQUIRE(ra);
        REQUIRE(rb);
        REQUIRE(rc);
        CHECK((*ra)[12] == 1);
        CHECK((*rb)[12] == 2);
        CHECK((*rc)[12] == 3);
        // Each query got its own ID.
        std::set<int> ids{(*ra)[0] << 8 | (*ra)[1], (*rb)[0] << 8 | (*rb)[1], (*rc)[0] << 8 | (*rc)[1]};
        CHECK(ids.size() == 3);
      });
}

TEST_CASE("a stalled upstream gives upstream_timeout at the deadline") {
  run_pair(
      [](tcp::socket s) -> asio::awaitable<void> {
        co_await read_frame(s);
        co_await read_frame(s);  // never answers
      },
      [](auto p) -> asio::awaitable<void> {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = co_await p->exchange(query_with_marker(1), 200ms);
        const auto waited = std::chrono::steady_clock::now() - t0;
        REQUIRE_FALSE(r);
        CHECK(r.err().code == "upstream_timeout");
        CHECK(waited >= 200ms);
        CHECK(waited < 2s);
        CHECK(p->in_flight() == 0);
      });
}

TEST_CASE("replies to unknown IDs are dropped and the right one still arrives") {
  run_pair(
      [](tcp::socket s) -> asio::awaitable<void> {
        auto q = co_await read_frame(s);
        auto forged = as_reply(q);
        forged[0] ^= 0xff;  // wrong ID
        forged[12] = 99;
        co_await write_frame(s, forged);
        co_await write_frame(s, as_reply(q));
        co_await read_frame(s);
      },
      [](auto p) -> asio::awaitable<void> {
        auto r = co_await p->exchange(query_with_marker(7), 5s);
        REQUIRE(r);
        CHECK((*r)[12] == 7);
      });
}

TEST_CASE("an upstream that hangs up fails every waiting query with upstream_error") {
  run_pair(
      [](tcp::socket s) -> asio::awaitable<void> {
        co_await read_frame(s);
        co_await read_frame(s);
        s.close();
      },
      [](auto p) -> asio::awaitable<void> {
        using namespace asio::experimental::awaitable_operators;
        auto [a, b] = co_await (p->exchange(query_with_marker(1), 5s) &&
                                p->exchange(query_with_marker(2), 5s));
        REQUIRE_FALSE(a);
        REQUIRE_FALSE(b);
        CHECK(a.err().code == "upstream_error");
        CHECK(b.err().code == "upstream_error");
        CHECK_FALSE(p->is_open());
        auto c = co_await p->exchange(query_with_marker(3), 5s);
        CHECK_FALSE(c);
      });
}

TEST_CASE("a frame too short for a DNS header is a framing error") {
  run_pair(
      [](tcp::socket s) -> asio::awaitable<void> {
        co_await read_frame(s);
        hrn::bytes junk(3, 0x2a);  // (a braced list here trips a g++ 12 coroutine bug)
        co_await write_frame(s, junk);
        co_await read_frame(s);
      },
      [](auto p) -> asio::awaitable<void> {
        auto r = co_await p->exchange(query_with_marker(1), 5s);
        REQUIRE_FALSE(r);
        CHECK(r.err().code == "upstream_error");
        CHECK(r.err().message.find("3-octet") != std::string::npos);
      });
}
