// The HTTP/1.1 DoH client against a server that attacks it on purpose
// (tests/lib/http1_hostile_server.py over plain TCP): chunked and oversized
// bodies, endless headers and chunk lines, hang-ups, wrong types. Each
// exchange ends with the right error code long before its deadline, and
// nothing the server sends grows the client's memory without bound.
#include <catch2/catch.hpp>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "hrn/dns/transport/deadline.hpp"

#include "doh_flight.hpp"
#include "hrn/dns/transport/doh_client.hpp"
#include "python_server.hpp"

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using hrn::dns::doh_client;
using test_support::flight;
using test_support::outcome;

namespace {

constexpr auto exchange_timeout = 10s;
constexpr auto fast = 3s;

using client_ptr = std::shared_ptr<doh_client>;

void against(const std::string& mode,
             std::function<asio::awaitable<void>(client_ptr, test_support::python_server&)> body) {
  test_support::python_server server("http1_hostile_server.py", mode);
  test_support::run_connected(server.port(), [&](tcp::socket s) -> asio::awaitable<void> {
    auto client = std::make_shared<doh_client>(hrn::dns::make_byte_stream(std::move(s)), "127.0.0.1",
                                               "/dns-query");
    auto scenario = body(client, server);
    co_await std::move(scenario);
    client->close();
  });
}

asio::awaitable<outcome> one(client_ptr c, std::uint8_t marker) {
  auto sent = flight(c, std::vector<std::uint8_t>{marker}, exchange_timeout);
  auto got = co_await std::move(sent);
  co_return std::move(got[0]);
}

void check_answer(const outcome& o, std::uint8_t marker) {
  INFO(o.message());
  REQUIRE(o.reply);
  REQUIRE(o.reply->size() == 13);
  CHECK((*o.reply)[12] == marker);
  CHECK((*o.reply)[0] == 0);  // RFC 8484 §4.1: sent with ID 0, echoed
}

void check_failed_fast(const outcome& o, std::string_view says) {
  INFO(o.message());
  CHECK(o.failed_with("upstream_error"));
  if (!o.reply) CHECK(o.reply.err().message.find(says) != std::string::npos);
  CHECK(o.took < fast);
}

}  // namespace

TEST_CASE("http/1.1: answers on one keep-alive connection, one after another") {
  against("answer", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto sent = flight(c, std::vector<std::uint8_t>{1, 2, 3}, exchange_timeout);
    auto got = co_await std::move(sent);
    for (std::uint8_t i = 0; i < 3; ++i) check_answer(got[i], i + 1);
    CHECK(c->exchanges() == 3);
  });
}

TEST_CASE("http/1.1: a chunked answer is an answer") {
  against("chunked", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto a_sent = one(c, 1);
    auto a = co_await std::move(a_sent);
    check_answer(a, 1);
    auto b_sent = one(c, 2);
    auto b = co_await std::move(b_sent);
    check_answer(b, 2);
  });
}

TEST_CASE("http/1.1: a body past 65535 octets is an error, chunked or not") {
  for (std::string mode : {"big_body", "chunked_big"}) {
    SECTION(mode) {
      against(mode, [](client_ptr c, auto&) -> asio::awaitable<void> {
        auto a_sent = one(c, 1);
        auto a = co_await std::move(a_sent);
        check_failed_fast(a, "body limit");
        CHECK_FALSE(c->is_open());
      });
    }
  }
}

TEST_CASE("http/1.1: headers past the limit, or a line that never ends, are an error") {
  for (std::string mode : {"big_headers", "endless_header", "chunk_ext_flood"}) {
    SECTION(mode) {
      against(mode, [](client_ptr c, auto&) -> asio::awaitable<void> {
        const long before = test_support::peak_resident_kib();
        auto a_sent = one(c, 1);
        auto a = co_await std::move(a_sent);
        check_failed_fast(a, "reading the reply failed");
        CHECK_FALSE(c->is_open());
        // The floods are 8 MiB: none of it may stay in the client.
        CHECK(test_support::peak_resident_kib() - before < 4 * 1024);
      });
    }
  }
}

TEST_CASE("http/1.1: after Connection: close the next exchange fails at once") {
  against("close_after_one", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto a_sent = one(c, 1);
    auto a = co_await std::move(a_sent);
    check_answer(a, 1);
    CHECK_FALSE(c->is_open());
    auto b_sent = one(c, 2);
    auto b = co_await std::move(b_sent);
    check_failed_fast(b, "closed");
  });
}

TEST_CASE("http/1.1: after reading a reply with Connection: close, the client closes the connection") {
  against("close_option", [](client_ptr c, auto& server) -> asio::awaitable<void> {
    auto a_sent = one(c, 1);
    auto a = co_await std::move(a_sent);
    check_answer(a, 1);
    CHECK_FALSE(c->is_open());
    // The client object is still alive: the connection must be closed anyway.
    auto closed = test_support::eventually([&] { return server.events().find("closed") != std::string::npos; }, 2000ms);
    const bool seen = co_await std::move(closed);
    CHECK(seen);
  });
}

TEST_CASE("http/1.1: EOF in the middle of the body is an error, fast") {
  against("eof_mid_body", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto a_sent = one(c, 1);
    auto a = co_await std::move(a_sent);
    check_failed_fast(a, "reading the reply failed");
  });
}

TEST_CASE("http/1.1: a 200 of another type is an error") {
  against("wrong_type", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto a_sent = one(c, 1);
    auto a = co_await std::move(a_sent);
    check_failed_fast(a, "text/html");
  });
}

TEST_CASE("http/1.1: an interim 103 before the answer is skipped") {
  against("early_hints", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto a_sent = one(c, 1);
    auto a = co_await std::move(a_sent);
    check_answer(a, 1);
    auto b_sent = one(c, 2);
    auto b = co_await std::move(b_sent);
    check_answer(b, 2);
  });
}

TEST_CASE("http/1.1: a silent server gives upstream_timeout at the deadline, and the connection is dropped") {
  against("silent", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto sent = flight(c, std::vector<std::uint8_t>{1, 2}, 300ms);
    auto got = co_await std::move(sent);
    INFO(got[0].message());
    CHECK(got[0].failed_with("upstream_timeout"));
    CHECK(got[0].took >= 300ms);
    CHECK(got[0].took < fast);
    // The second waited its turn behind the first, with the same deadline:
    // it ends then too, as a timeout or (when the first's timer fired first
    // and dropped the half-read connection) as a closed connection.
    INFO(got[1].message());
    CHECK((got[1].failed_with("upstream_timeout") || got[1].failed_with("upstream_error")));
    CHECK(got[1].took < fast);
    CHECK_FALSE(c->is_open());
  });
}

TEST_CASE("http/1.1: a caller that gives up while waiting its turn does not hold up the next one") {
  against("slow", [](client_ptr c, auto&) -> asio::awaitable<void> {
    using namespace asio::experimental::awaitable_operators;
    // A takes the connection (the server answers after 300 ms); B waits its
    // turn but its caller gives up after 50 ms; C waits its turn too.
    auto a = one(c, 1);
    // B is awaited here, not in a flight of its own, so giving up cancels it.
    auto b_wait = c->exchange(test_support::query_with_marker(2), exchange_timeout);
    auto b = hrn::dns::with_deadline(std::move(b_wait), 50ms);
    auto c_sent = one(c, 3);
    auto [ra, rb, rc] = co_await (std::move(a) && std::move(b) && std::move(c_sent));
    check_answer(ra, 1);
    CHECK_FALSE(rb.has_value());  // given up
    check_answer(rc, 3);
    CHECK(rc.took < fast);  // not held until its own 10 s deadline
  });
}
