// The answer service between the API and the network: cache hits, one
// lookup for many concurrent requests, serve-stale, and failed lookups that
// never reach the cache. The dispatcher here is a fake that counts and
// delays; the real pipeline is tested against real servers elsewhere.
#include <catch2/catch.hpp>

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/dns/errors.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "support/fake_dispatcher.hpp"
#include "support/run_sync.hpp"

namespace asio = boost::asio;
using namespace hrn;
using namespace std::chrono_literals;

namespace {

using test_support::fake_dispatcher;
using test_support::found_answer;
using test_support::t0;

struct world {
  explicit world(resolve::service_options o = {}) : service{store, dispatcher, o, [this] { return now; }} {}
  std::uint64_t now = t0;
  cache::store store{1 << 20};
  fake_dispatcher dispatcher;
  resolve::answer_service service;
  result<resolve::served_answer> ask(const std::string& n) {
    auto op = service.resolve(name::parse(n).value());
    return test_support::run_sync(std::move(op));
  }
};

}  // namespace

TEST_CASE("answer service: a miss looks up and caches, the next request is a hit") {
  world w;
  w.dispatcher.script = {found_answer(300)};
  auto first = w.ask("alice@example.com");
  REQUIRE(first.ok());
  CHECK_FALSE(first->cached);
  CHECK(first->expires_at == t0 + 300);
  CHECK(first->answer->offer() == "lno1abc");
  w.now += 100;
  auto second = w.ask("Alice@Example.com#code1");  // same name, another payer's code
  REQUIRE(second.ok());
  CHECK(second->cached);
  CHECK(w.dispatcher.calls == 1);
  CHECK(w.service.counters().hits == 1);
  CHECK(w.service.counters().lookups.at("ok") == 1);
}

TEST_CASE("answer service: after the TTL a new lookup happens") {
  world w;
  w.dispatcher.script = {found_answer(300)};
  REQUIRE(w.ask("alice@example.com").ok());
  w.now += 300;
  auto again = w.ask("alice@example.com");
  REQUIRE(again.ok());
  CHECK_FALSE(again->cached);
  CHECK(w.dispatcher.calls == 2);
}

TEST_CASE("answer service: a failed refresh serves the stale entry, marked stale") {
  world w;
  w.dispatcher.script = {found_answer(300),
                         make_error(dns::transport::errc::upstream_timeout, "no answer")};
  REQUIRE(w.ask("alice@example.com").ok());
  w.now += 1000;
  auto stale = w.ask("alice@example.com");
  REQUIRE(stale.ok());
  CHECK(stale->stale);
  CHECK(stale->cached);
  CHECK(w.service.counters().stale_served == 1);
  // Past the stale window the failure is the answer.
  w.now += 2 * 86400;
  auto gone = w.ask("alice@example.com");
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.err().code == dns::transport::errc::upstream_timeout);
}

TEST_CASE("answer service: a bogus answer is never cached and never replaces a good entry") {
  world w;
  w.dispatcher.script = {make_error(dns::errc::dnssec_bogus, "forged")};
  auto bogus = w.ask("mallory@example.com");
  REQUIRE_FALSE(bogus.ok());
  CHECK(w.store.entries() == 0);
  CHECK(w.ask("mallory@example.com").err().code == dns::errc::dnssec_bogus);
  CHECK(w.dispatcher.calls == 2);  // not even the failure was remembered as an answer

  world g;
  g.dispatcher.script = {found_answer(300, "bitcoin:?lno=lno1abc&good=1"),
                         make_error(dns::errc::dnssec_bogus, "forged")};
  REQUIRE(g.ask("alice@example.com").ok());
  g.now += 400;
  auto served = g.ask("alice@example.com");
  REQUIRE(served.ok());
  CHECK(served->stale);
  CHECK(served->answer->uri == "bitcoin:?lno=lno1abc&good=1");
  auto kept = g.store.find("alice@example.com", g.now);
  REQUIRE(kept);
  CHECK(kept->value->uri == "bitcoin:?lno=lno1abc&good=1");
}

TEST_CASE("answer service: proven-absent names are cached for at least the minimum TTL") {
  world w;
  resolve::bip353_resolution absent;
  absent.found = false;
  absent.ttl = 5;
  absent.expires = t0 + 86400;
  absent.proof = bytes(50, 1);
  w.dispatcher.script = {absent};
  auto first = w.ask("nobody@example.com");
  REQUIRE(first.ok());
  CHECK_FALSE(first->answer->found);
  CHECK(first->expires_at == t0 + 60);
  w.now += 59;
  CHECK(w.ask("nobody@example.com")->cached);
  CHECK(w.dispatcher.calls == 1);
}

TEST_CASE("answer service: 50 concurrent requests for one name share one lookup") {
  world w;
  w.dispatcher.script = {found_answer(300)};
  w.dispatcher.delay = 50ms;
  asio::io_context io;
  int ok = 0, joined = 0;
  for (int i = 0; i < 50; ++i)
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          auto r = co_await w.service.resolve(name::parse("alice@example.com").value());
          if (r) {
            ++ok;
            if (r->joined) ++joined;
          }
        },
        asio::detached);
  io.run();
  CHECK(ok == 50);
  CHECK(joined == 49);
  CHECK(w.dispatcher.calls == 1);
  CHECK(w.service.counters().joined == 49);
  CHECK(w.service.lookups_in_flight() == 0);
}

TEST_CASE("answer service: an answer that may not be cached supersedes the old entry") {
  world w;
  w.dispatcher.script = {found_answer(300, "bitcoin:?lno=lno1abc&v=1"), found_answer(0, "bitcoin:?lno=lno1abc&v=2"),
                         make_error(dns::transport::errc::upstream_timeout, "down")};
  REQUIRE(w.ask("alice@example.com").ok());
  w.now += 400;  // stale now
  auto fresh = w.ask("alice@example.com");
  REQUIRE(fresh.ok());
  CHECK(fresh->answer->uri == "bitcoin:?lno=lno1abc&v=2");
  // The old v=1 entry is gone: a failing refresh cannot bring it back.
  CHECK_FALSE(w.store.find("alice@example.com", w.now));
  CHECK_FALSE(w.ask("alice@example.com").ok());
}

TEST_CASE("answer service: joiners get the leader's answer, not an older entry") {
  world w;
  w.dispatcher.script = {found_answer(300, "bitcoin:?lno=lno1abc&v=1"), found_answer(0, "bitcoin:?lno=lno1abc&v=2")};
  REQUIRE(w.ask("alice@example.com").ok());
  w.now += 400;
  w.dispatcher.delay = 30ms;
  asio::io_context io;
  std::vector<std::string> uris;
  for (int i = 0; i < 5; ++i)
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          auto r = co_await w.service.resolve(name::parse("alice@example.com").value());
          if (r) uris.push_back(r->answer->uri);
        },
        asio::detached);
  io.run();
  REQUIRE(uris.size() == 5);
  for (const auto& u : uris) CHECK(u == "bitcoin:?lno=lno1abc&v=2");
}

TEST_CASE("answer service: beyond the lookups in flight, new names are busy") {
  resolve::service_options o;
  o.max_lookups_in_flight = 2;
  world w(o);
  w.dispatcher.script = {found_answer(300)};
  w.dispatcher.delay = 30ms;
  asio::io_context io;
  std::vector<std::string> codes;
  for (const char* n : {"a@example.com", "b@example.com", "c@example.com", "a@example.com"})
    asio::co_spawn(
        io,
        [&, n]() -> asio::awaitable<void> {
          auto r = co_await w.service.resolve(name::parse(n).value());
          codes.push_back(r ? "ok" : r.err().code);
        },
        asio::detached);
  io.run();
  std::sort(codes.begin(), codes.end());
  // a (twice: the second joins), b: ok; c: busy.
  CHECK(codes == std::vector<std::string>{"busy", "ok", "ok", "ok"});
  CHECK(w.dispatcher.calls == 2);
  CHECK(w.service.counters().busy == 1);
}

TEST_CASE("answer service: after a failed refresh, stale is served without a lookup for a while") {
  world w;
  w.dispatcher.script = {found_answer(300), make_error(dns::transport::errc::upstream_error, "down")};
  REQUIRE(w.ask("alice@example.com").ok());
  w.now += 400;
  CHECK(w.ask("alice@example.com")->stale);
  CHECK(w.dispatcher.calls == 2);
  w.now += 10;
  CHECK(w.ask("alice@example.com")->stale);
  CHECK(w.dispatcher.calls == 2);  // within the recheck time: no lookup
  w.now += 30;
  CHECK(w.ask("alice@example.com")->stale);
  CHECK(w.dispatcher.calls == 3);  // tried again, failed again
}

TEST_CASE("answer service: background answers are cached, background failures change nothing") {
  world w;
  w.dispatcher.script = {found_answer(300, "bitcoin:?lno=lno1abc&v=1")};
  REQUIRE(w.ask("alice@example.com").ok());
  const auto alice = name::parse("alice@example.com").value();
  w.now += 100;
  w.service.absorb(alice, found_answer(300, "bitcoin:?lno=lno1abc&v=2"));
  auto hit = w.ask("alice@example.com");
  REQUIRE(hit.ok());
  CHECK(hit->cached);
  CHECK(hit->answer->uri == "bitcoin:?lno=lno1abc&v=2");
  CHECK(hit->expires_at == w.now + 300);  // refreshed: a new TTL from now
  w.service.absorb(alice, make_error(dns::errc::dnssec_bogus, "forged"));
  CHECK(w.ask("alice@example.com")->answer->uri == "bitcoin:?lno=lno1abc&v=2");
  CHECK(w.dispatcher.calls == 1);
}
