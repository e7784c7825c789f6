// The Redis client against a real redis-server (tests/support/redis_server.hpp)
// over TCP, a unix socket and TLS, with and without a password or ACL user:
// pipelines answered in order, concurrent callers, databases kept apart.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "client_harness.hpp"
#include "support/redis_server.hpp"

using namespace hrn::cache::redis;
using test_support::redis_harness;
using test_support::redis_options;
using test_support::redis_server;
namespace asio = boost::asio;

namespace {

// SET, GET and INCR in one pipeline, and an error reply that is a reply.
asio::awaitable<void> check_pipeline(client& c, std::string key) {
  // The value has CR LF and a NUL: bulk strings carry any bytes.
  std::vector<client::command> commands{{"SET", key, std::string("v\r\n\0x", 5)},
                                        {"GET", key},
                                        {"INCR", key + ":n"},
                                        {"INCR", key + ":n"},
                                        {"GET", key + ":missing"},
                                        {"HGET", key, "field"},
                                        {"MGET", key, key + ":n"}};
  auto op = c.run(std::move(commands));
  auto replies = co_await std::move(op);
  REQUIRE(replies);
  REQUIRE(replies->size() == 7);
  const auto& r = *replies;
  CHECK((r[0].type == reply::kind::status && r[0].text == "OK"));
  CHECK((r[1].type == reply::kind::string && r[1].text == std::string("v\r\n\0x", 5)));
  CHECK((r[2].type == reply::kind::integer && r[2].integer == 1));
  CHECK(r[3].integer == 2);
  CHECK(r[4].is_nil());
  CHECK((r[5].is_error() && r[5].text.starts_with("WRONGTYPE")));
  REQUIRE(r[6].elements.size() == 2);
  CHECK(r[6].elements[1].text == "2");
}

}  // namespace

TEST_CASE("redis client: a pipeline over TCP, replies in order", "[redis][client]") {
  redis_server server;
  redis_harness h(redis_options(server.url()));
  h.run([&]() -> asio::awaitable<void> {
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
    auto check = check_pipeline(h.client, "tcp");
    co_await std::move(check);
    auto none = h.client.run({});
    auto empty = co_await std::move(none);
    CHECK((empty && empty->empty()));
  });
  CHECK(h.states == std::vector<std::pair<bool, std::string>>{{true, ""}});
  CHECK(h.client.counters().commands == 7);
  CHECK(h.client.counters().failures == 0);
  CHECK(h.client.counters().connects == 1);
}

TEST_CASE("redis client: many callers at once keep their order", "[redis][client]") {
  redis_server server;
  redis_harness h(redis_options(server.url()));
  constexpr int callers = 8;
  constexpr int rounds = 40;
  int finished = 0;
  int in_order = 0;
  h.run([&]() -> asio::awaitable<void> {
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
    for (int k = 0; k < callers; ++k) {
      asio::co_spawn(
          h.io,
          [&, k]() -> asio::awaitable<void> {
            const std::string key = "counter:" + std::to_string(k);
            for (int i = 1; i <= rounds; ++i) {
              std::vector<client::command> commands{{"INCR", key}, {"GET", key}};
              auto op = h.client.run(std::move(commands));
              auto r = co_await std::move(op);
              if (r && r->size() == 2 && (*r)[0].integer == i && (*r)[1].text == std::to_string(i)) ++in_order;
            }
            ++finished;
          },
          asio::detached);
    }
    {
      auto waiting = h.wait_until([&] { return finished == callers; }, std::chrono::milliseconds(20000));
      const bool done = co_await std::move(waiting);
      CHECK(done);
    }
  });
  CHECK(in_order == callers * rounds);
  CHECK(h.client.counters().commands == 2u * callers * rounds);
  CHECK(h.client.counters().failures == 0);
}

TEST_CASE("redis client: SELECT keeps databases apart", "[redis][client]") {
  redis_server server;
  redis_harness zero(redis_options(server.url()));
  redis_harness three(redis_options(server.url("", 3)));
  zero.run([&]() -> asio::awaitable<void> {
    {
      auto up = zero.require_up();
      co_await std::move(up);
    }
    auto op = zero.client.run({{"SET", "k", "in-0"}});
    auto set = co_await std::move(op);
    CHECK(set.ok());
  });
  three.run([&]() -> asio::awaitable<void> {
    {
      auto up = three.require_up();
      co_await std::move(up);
    }
    auto op = three.client.run({{"GET", "k"}, {"SET", "k", "in-3"}, {"GET", "k"}});
    auto r = co_await std::move(op);
    REQUIRE(r);
    CHECK((*r)[0].is_nil());
    CHECK((*r)[2].text == "in-3");
  });
  redis_harness again(redis_options(server.url()));
  again.run([&]() -> asio::awaitable<void> {
    {
      auto up = again.require_up();
      co_await std::move(up);
    }
    auto op = again.client.run({{"GET", "k"}});
    auto r = co_await std::move(op);
    REQUIRE(r);
    CHECK((*r)[0].text == "in-0");
  });
  // A database the server does not have: down, and why.
  redis_harness missing(redis_options(server.url("", 99)));
  missing.run([&]() -> asio::awaitable<void> {
    {
      auto waiting = missing.wait_until([&] { return !missing.states.empty(); }, std::chrono::milliseconds(3000));
      const bool done = co_await std::move(waiting);
      CHECK(done);
    }
    CHECK_FALSE(missing.client.up());
  });
  CHECK_THAT(missing.last_down(), Catch::Contains("cannot select database 99"));
}

TEST_CASE("redis client: a unix socket, with a database", "[redis][client]") {
  redis_server server(redis_server::listen::unix_socket);
  redis_harness h(redis_options(server.url("", 2)));
  h.run([&]() -> asio::awaitable<void> {
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
    auto check = check_pipeline(h.client, "unix");
    co_await std::move(check);
  });
  redis_harness probe(redis_options(server.url("", 2)));
  probe.run([&]() -> asio::awaitable<void> {
    {
      auto up = probe.require_up();
      co_await std::move(up);
    }
    auto op = probe.client.run({{"DBSIZE"}});
    auto r = co_await std::move(op);
    REQUIRE(r);
    CHECK((*r)[0].integer == 2);
  });
}

TEST_CASE("redis client: TLS with the operator's CA, refused without it", "[redis][client]") {
  redis_server server(redis_server::listen::tls);
  auto options = redis_options(server.url());
  options.ca_file = server.ca_file();
  redis_harness h(options);
  h.run([&]() -> asio::awaitable<void> {
    INFO(server.log());
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
    auto check = check_pipeline(h.client, "tls");
    co_await std::move(check);
  });

  redis_harness untrusted(redis_options(server.url()));
  untrusted.run([&]() -> asio::awaitable<void> {
    {
      auto waiting = untrusted.wait_until([&] { return !untrusted.states.empty(); }, std::chrono::milliseconds(3000));
      const bool done = co_await std::move(waiting);
      CHECK(done);
    }
    CHECK_FALSE(untrusted.client.up());
    auto op = untrusted.client.run({{"PING"}});
    auto r = co_await std::move(op);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::redis_unavailable);
  });
  CHECK_THAT(untrusted.last_down(), Catch::Contains("certificate"));
  // An unreadable CA file is a start-up failure.
  auto unreadable = redis_options(server.url());
  unreadable.ca_file = "/nonexistent/ca.pem";
  asio::io_context io;
  CHECK_THROWS_AS(client(io.get_executor(), unreadable), std::runtime_error);
}

TEST_CASE("redis client: requirepass, right and wrong", "[redis][client]") {
  redis_server server(redis_server::listen::tcp, {"--requirepass", "s3cret pw"});
  auto right = redis_options(server.url());
  right.password = "s3cret pw";
  redis_harness h(right);
  h.run([&]() -> asio::awaitable<void> {
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
    auto check = check_pipeline(h.client, "auth");
    co_await std::move(check);
  });

  auto wrong = redis_options(server.url());
  wrong.password = "not it";
  redis_harness bad(wrong);
  bad.run([&]() -> asio::awaitable<void> {
    {
      auto waiting = bad.wait_until([&] { return !bad.states.empty(); }, std::chrono::milliseconds(3000));
      const bool done = co_await std::move(waiting);
      CHECK(done);
    }
    CHECK_FALSE(bad.client.up());
  });
  CHECK(bad.states.size() == 1);  // told once, though it kept trying
  CHECK_THAT(bad.last_down(), Catch::Contains("authentication failed"));
  CHECK_THAT(bad.last_down(), !Catch::Contains("not it"));

  redis_harness none(redis_options(server.url()));
  none.run([&]() -> asio::awaitable<void> {
    {
      auto waiting = none.wait_until([&] { return !none.states.empty(); }, std::chrono::milliseconds(3000));
      const bool done = co_await std::move(waiting);
      CHECK(done);
    }
  });
  CHECK_THAT(none.last_down(), Catch::Contains("authentication required"));
}

TEST_CASE("redis client: an ACL user", "[redis][client]") {
  redis_server server(redis_server::listen::tcp, {}, "user alice on >alice-pw ~* +@all\nuser default off");
  auto alice = redis_options(server.url("alice"));
  alice.password = "alice-pw";
  redis_harness h(alice);
  h.run([&]() -> asio::awaitable<void> {
    {
      auto up = h.require_up();
      co_await std::move(up);
    }
    auto op = h.client.run({{"ACL", "WHOAMI"}});
    auto r = co_await std::move(op);
    REQUIRE(r);
    CHECK((*r)[0].text == "alice");
  });

  auto wrong = redis_options(server.url("alice"));
  wrong.password = "bob-pw";
  redis_harness bad(wrong);
  bad.run([&]() -> asio::awaitable<void> {
    {
      auto waiting = bad.wait_until([&] { return !bad.states.empty(); }, std::chrono::milliseconds(3000));
      const bool done = co_await std::move(waiting);
      CHECK(done);
    }
  });
  CHECK_THAT(bad.last_down(), Catch::Contains("authentication failed"));
}
