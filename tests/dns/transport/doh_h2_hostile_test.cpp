// The HTTP/2 DoH client against a server that attacks it on purpose
// (tests/lib/h2_hostile_server.py over plain TCP with prior knowledge):
// floods, oversized headers and bodies, resets, GOAWAY, silence, hang-ups,
// pushes. Whatever the server does, each exchange must end with the right
// error code, soon, and the others of its flight must not suffer.
#include <catch2/catch.hpp>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "doh_flight.hpp"
#include "hrn/dns/transport/doh_h2_client.hpp"
#include "python_server.hpp"

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using test_support::flight;
using test_support::outcome;
using hrn::dns::doh_h2_client;

namespace {

// Far from both the normal time of an exchange on loopback (milliseconds)
// and the timeout the flights use: "failed fast" means it did not wait for
// the deadline.
constexpr auto exchange_timeout = 10s;
constexpr auto fast = 3s;

using client_ptr = std::shared_ptr<doh_h2_client>;

void against(const std::string& mode,
             std::function<asio::awaitable<void>(client_ptr, test_support::python_server&)> body) {
  test_support::python_server server("h2_hostile_server.py", mode);
  test_support::run_connected(server.port(), [&](tcp::socket s) -> asio::awaitable<void> {
    auto ex = s.get_executor();
    auto client = doh_h2_client::start(ex, hrn::dns::make_byte_stream(std::move(s)), "127.0.0.1",
                                       "/dns-query");
    auto scenario = body(client, server);
    co_await std::move(scenario);
    client->close();
  });
}

void check_answer(const outcome& o, std::uint8_t marker) {
  INFO(o.message());
  REQUIRE(o.reply);
  REQUIRE(o.reply->size() == 13);
  CHECK((*o.reply)[12] == marker);
  CHECK(((*o.reply)[2] & 0x80) != 0);
  // RFC 8484 §4.1: the query left with ID 0 (the server echoes it).
  CHECK((*o.reply)[0] == 0);
  CHECK((*o.reply)[1] == 0);
}

void check_failed_fast(const outcome& o, std::string_view code, std::string_view says) {
  INFO(o.message());
  CHECK(o.failed_with(code));
  if (!o.reply) CHECK(o.reply.err().message.find(says) != std::string::npos);
  CHECK(o.took < fast);
}

}  // namespace

TEST_CASE("h2: concurrent streams are each answered with their own reply") {
  against("answer", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto got_sent = flight(c, std::vector<std::uint8_t>{1, 2, 3, 4, 5}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    for (std::uint8_t i = 0; i < 5; ++i) check_answer(got[i], i + 1);
    CHECK(c->exchanges() == 5);
    CHECK(c->is_open());
  });
}

TEST_CASE("h2: a body past 65535 octets fails its exchange only, and the stream is cancelled") {
  against("big_body", [](client_ptr c, auto& server) -> asio::awaitable<void> {
    auto got_sent = flight(c, std::vector<std::uint8_t>{1, 2, 3}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    check_failed_fast(got[0], "upstream_error", "larger than a DNS message");
    check_answer(got[1], 2);
    check_answer(got[2], 3);
    // The flood stopped because the client reset the stream (CANCEL = 8).
    auto cancelled = test_support::eventually([&] { return server.events().find("reset 1 8") != std::string::npos; }, 2000ms);
    const bool reset_seen = co_await std::move(cancelled);
    CHECK(reset_seen);
  });
}

TEST_CASE("h2: a header block past the limit fails its exchange only") {
  against("many_headers", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto got_sent = flight(c, std::vector<std::uint8_t>{1, 2, 3}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    check_failed_fast(got[0], "upstream_error", "headers larger");
    check_failed_fast(got[1], "upstream_error", "headers larger");
    check_answer(got[2], 3);
  });
}

TEST_CASE("h2: a flood of CONTINUATION frames ends the connection, fast") {
  against("continuation_flood", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto got_sent = flight(c, std::vector<std::uint8_t>{1, 2}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    check_failed_fast(got[0], "upstream_error", "");
    check_failed_fast(got[1], "upstream_error", "");
    CHECK_FALSE(c->is_open());
  });
}

TEST_CASE("h2: only a 2xx reply of type application/dns-message holding a DNS message is an answer") {
  against("statuses", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto got_sent = flight(c, std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    check_failed_fast(got[0], "upstream_error", "HTTP status 404");
    check_answer(got[1], 2);  // 103 Early Hints, then the answer
    check_failed_fast(got[2], "upstream_error", "malformed");  // :status abc
    check_failed_fast(got[3], "upstream_error", "text/html");
    check_failed_fast(got[4], "upstream_error", "not application/dns-message");
    check_failed_fast(got[5], "upstream_error", "too short");
    check_failed_fast(got[6], "upstream_error", "malformed");  // content-length says 100, body is 13
    check_answer(got[7], 8);  // a trailer field is not the content type
    check_answer(got[8], 9);
    check_answer(got[9], 10);  // RFC 9110 §8.3.1: case-insensitive, OWS before ';'
    CHECK(c->is_open());
  });
}

TEST_CASE("h2: RST_STREAM on one stream fails that exchange only") {
  against("rst_one", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto got_sent = flight(c, std::vector<std::uint8_t>{1, 2, 3, 4}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    check_failed_fast(got[0], "upstream_error", "reset the stream");
    check_answer(got[1], 2);
    check_answer(got[2], 3);
    // A reply cut short by RST_STREAM (even NO_ERROR) is not a whole message.
    check_failed_fast(got[3], "upstream_error", "");
  });
}

TEST_CASE("h2: GOAWAY fails the streams it did not take at once; later exchanges fail at once") {
  against("goaway", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto got_sent = flight(c, std::vector<std::uint8_t>{1, 2, 3}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    check_answer(got[0], 1);  // at or below last_stream_id: still answered
    check_failed_fast(got[1], "upstream_error", "GOAWAY");
    check_failed_fast(got[2], "upstream_error", "GOAWAY");
    CHECK_FALSE(c->is_open());
    auto late_sent = flight(c, std::vector<std::uint8_t>{4}, exchange_timeout);
    auto late = co_await std::move(late_sent);
    check_failed_fast(late[0], "upstream_error", "");
  });
}

TEST_CASE("h2: after GOAWAY, while a stream it took is still open, a new exchange fails at once") {
  against("goaway_slow", [](client_ptr c, auto&) -> asio::awaitable<void> {
    using namespace asio::experimental::awaitable_operators;
    auto taken = flight(c, std::vector<std::uint8_t>{1, 2, 3}, exchange_timeout);
    // The server answers stream 1 only 500 ms after its GOAWAY: ask meanwhile.
    auto meanwhile = [](client_ptr c) -> asio::awaitable<std::vector<outcome>> {
      asio::steady_timer pause(co_await asio::this_coro::executor);
      pause.expires_after(250ms);
      co_await pause.async_wait(asio::use_awaitable);
      CHECK_FALSE(c->is_open());  // a pool must not pick this connection
      auto late = flight(c, std::vector<std::uint8_t>{4}, exchange_timeout);
      co_return co_await std::move(late);
    };
    auto asked = meanwhile(c);
    auto [got, late] = co_await (std::move(taken) && std::move(asked));
    check_answer(got[0], 1);
    check_failed_fast(got[1], "upstream_error", "GOAWAY");
    check_failed_fast(got[2], "upstream_error", "GOAWAY");
    check_failed_fast(late[0], "upstream_error", "");
  });
}

TEST_CASE("h2: a silent server gives upstream_timeout at the deadline and the stream is cancelled") {
  against("silent", [](client_ptr c, auto& server) -> asio::awaitable<void> {
    auto got_sent = flight(c, std::vector<std::uint8_t>{1}, 300ms);
    auto got = co_await std::move(got_sent);
    INFO(got[0].message());
    CHECK(got[0].failed_with("upstream_timeout"));
    CHECK(got[0].took >= 300ms);
    CHECK(got[0].took < fast);
    auto cancelled = test_support::eventually([&] { return server.events().find("reset 1 8") != std::string::npos; }, 2000ms);
    const bool reset_seen = co_await std::move(cancelled);
    CHECK(reset_seen);
  });
}

TEST_CASE("h2: a reply arriving after its exchange timed out is dropped; the connection goes on") {
  against("late_one", [](client_ptr c, auto& server) -> asio::awaitable<void> {
    auto timed_out_sent = flight(c, std::vector<std::uint8_t>{1}, 200ms);
    auto timed_out = co_await std::move(timed_out_sent);
    CHECK(timed_out[0].failed_with("upstream_timeout"));
    auto late = test_support::eventually([&] { return server.events().find("late answer") != std::string::npos; }, 3000ms);
    const bool late_sent = co_await std::move(late);
    REQUIRE(late_sent);
    auto next_sent = flight(c, std::vector<std::uint8_t>{2, 3}, exchange_timeout);
    auto next = co_await std::move(next_sent);
    check_answer(next[0], 2);
    check_answer(next[1], 3);
    CHECK(c->is_open());
  });
}

TEST_CASE("h2: a server hanging up mid-frame fails every waiting exchange at once") {
  against("close_mid_frame", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto got_sent = flight(c, std::vector<std::uint8_t>{1, 2, 3}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    for (auto& o : got) check_failed_fast(o, "upstream_error", "closed the connection");
    CHECK_FALSE(c->is_open());
  });
}

TEST_CASE("h2: PUSH_PROMISE though push is disabled is a connection error") {
  for (std::string mode : {"push", "push_early"}) {
    SECTION(mode) {
      against(mode, [](client_ptr c, auto&) -> asio::awaitable<void> {
        auto got_sent = flight(c, std::vector<std::uint8_t>{1, 2}, exchange_timeout);
        auto got = co_await std::move(got_sent);
        check_failed_fast(got[0], "upstream_error", "PUSH_PROMISE");
        check_failed_fast(got[1], "upstream_error", "PUSH_PROMISE");
        CHECK_FALSE(c->is_open());
      });
    }
  }
}

TEST_CASE("h2: with SETTINGS_MAX_CONCURRENT_STREAMS=1 every query is still answered, one at a time") {
  against("one_stream", [](client_ptr c, auto& server) -> asio::awaitable<void> {
    auto first_sent = flight(c, std::vector<std::uint8_t>{1}, exchange_timeout);  // the server's SETTINGS are known after it
    auto first = co_await std::move(first_sent);
    check_answer(first[0], 1);
    auto got_sent = flight(c, std::vector<std::uint8_t>{2, 3, 4, 5, 6}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    for (std::uint8_t i = 0; i < 5; ++i) check_answer(got[i], i + 2);
    CHECK(server.events().find("violation") == std::string::npos);
  });
}

TEST_CASE("h2: a PING or SETTINGS flood is bounded: the client gives up on the connection") {
  for (std::string mode : {"ping_flood", "settings_flood"}) {
    SECTION(mode) {
      against(mode, [](client_ptr c, auto&) -> asio::awaitable<void> {
        auto got_sent = flight(c, std::vector<std::uint8_t>{1}, exchange_timeout);
        auto got = co_await std::move(got_sent);
        check_failed_fast(got[0], "upstream_error", "");
        CHECK_FALSE(c->is_open());
      });
    }
  }
}

TEST_CASE("h2: a server that does not speak HTTP/2 is an error, fast") {
  against("garbage", [](client_ptr c, auto&) -> asio::awaitable<void> {
    auto got_sent = flight(c, std::vector<std::uint8_t>{1}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    check_failed_fast(got[0], "upstream_error", "");
    CHECK_FALSE(c->is_open());
  });
}

TEST_CASE("h2: a flood of PRIORITY frames for idle streams does not grow the client") {
  against("priority_flood", [](client_ptr c, auto&) -> asio::awaitable<void> {
    const long before = test_support::peak_resident_kib();
    auto got_sent = flight(c, std::vector<std::uint8_t>{1}, exchange_timeout);
    auto got = co_await std::move(got_sent);
    const long grown = test_support::peak_resident_kib() - before;
    INFO(got[0].message() << "; grew by " << grown << " KiB");
    CHECK(got[0].took < fast);
    // RFC 9113 §5.3.2 lets PRIORITY name idle streams: 400000 frames of 14
    // octets, each an idle stream kept, would be tens of MiB. nghttp2 keeps
    // a handful; this guards that.
    CHECK(grown < 16 * 1024);
  });
}
