// gather under a deadline: the caller racing it against a timer (as the
// lookup's overall deadline does) must get the timeout cleanly, and no
// child may run on after gather has returned (they refer to the caller's
// frame and session). This crashed before gather cancelled its children.
#include <catch2/catch.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/dns/transport/deadline.hpp"
#include "hrn/resolve/gather.hpp"
#include "support/run_sync.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

struct tally {
  int started = 0;
  int finished = 0;
};

// Waits `d` (cancellably, like an exchange waiting for its reply) and
// returns a value that owns heap memory.
asio::awaitable<std::string> slow(tally& t, std::chrono::milliseconds d) {
  ++t.started;
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  ++t.finished;
  co_return ec ? std::string("cancelled") : std::string(64, 'x');
}

}  // namespace

TEST_CASE("gather returns every result in order") {
  tally t;
  std::vector<asio::awaitable<std::string>> ops;
  ops.push_back(slow(t, 30ms));
  ops.push_back(slow(t, 10ms));
  auto out = test_support::run_sync(hrn::resolve::gather(std::move(ops)));
  REQUIRE(out.size() == 2);
  CHECK(out[0] == std::string(64, 'x'));
  CHECK(t.finished == 2);
}

TEST_CASE("gather raced against a shorter deadline cancels and waits for its children") {
  tally t;
  asio::io_context io;
  auto run = [&]() -> asio::awaitable<bool> {
    std::vector<asio::awaitable<std::string>> ops;
    for (int i = 0; i < 8; ++i) ops.push_back(slow(t, 300ms));
    auto op = hrn::resolve::gather(std::move(ops));
    auto r = co_await hrn::dns::with_deadline(std::move(op), 50ms);
    // By the time the deadline has won, every child has finished.
    CHECK(t.finished == 8);
    co_return r.has_value();
  };
  const auto started = std::chrono::steady_clock::now();
  const bool answered = test_support::run_sync(io, run());
  CHECK_FALSE(answered);
  CHECK(t.started == 8);
  CHECK(t.finished == 8);
  CHECK(std::chrono::steady_clock::now() - started < 250ms);  // not the children's 300 ms
}
