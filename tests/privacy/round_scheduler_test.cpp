// The live scheduler on a real io_context with a fake lookup function that
// records when each lookup starts and for which name. Intervals are tens of
// milliseconds; timing checks leave slack for a loaded machine.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "support/numbered.hpp"
#include "hrn/privacy/round_scheduler.hpp"
#include "hrn/resolve/errors.hpp"
#include "support/fake_dispatcher.hpp"

namespace asio = boost::asio;
using namespace hrn;
using namespace std::chrono_literals;
using privacy::lookup_kind;
using steady = std::chrono::steady_clock;

namespace {

using test_support::numbered;


struct recorder {
  std::vector<std::pair<steady::time_point, std::string>> starts;
  std::vector<steady::time_point> ticks;
  std::vector<std::size_t> round_sizes;
  std::vector<std::pair<std::string, lookup_kind>> background;
  std::chrono::milliseconds delay{5};
};

// Answers with a URI naming the looked-up name, so a caller can tell whose
// answer it got.
asio::awaitable<result<resolve::bip353_resolution>> fake_lookup(std::shared_ptr<recorder> rec, name::address a) {
  rec->starts.emplace_back(steady::now(), a.text());
  asio::steady_timer t(co_await asio::this_coro::executor, rec->delay);
  co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  co_return test_support::found_answer(300, "bitcoin:?lno=lno1abc&for=" + a.text());
}

privacy::scheduler_options fast_options() {
  privacy::scheduler_options o;
  o.round_interval = 60ms;
  o.start_window = 15ms;
  o.batch_size = 4;
  o.batch_size_max = 4;
  o.max_queue_wait = 600ms;
  o.lookup_limit = 1000ms;
  return o;
}

std::vector<name::address> addresses(const std::vector<std::string>& texts) {
  std::vector<name::address> out;
  for (const auto& t : texts) out.push_back(name::parse(t).value());
  return out;
}

struct world {
  explicit world(privacy::scheduler_options o, std::vector<std::string> directory = {},
                 std::function<std::vector<privacy::cached_entry>(std::uint64_t)> source = nullptr) {
    auto r = rec;
    scheduler = std::make_shared<privacy::round_scheduler>(
        io.get_executor(), o, [r](name::address a) { return fake_lookup(r, std::move(a)); }, std::move(source),
        [r](const name::address& a, const result<resolve::bip353_resolution>&, lookup_kind k) {
          r->background.emplace_back(a.text(), k);
        },
        addresses(directory), [this] { return unix_now; }, privacy::random_source::seeded(11));
    scheduler->set_round_observer([r](steady::time_point tick, std::size_t n) {
      r->ticks.push_back(tick);
      r->round_sizes.push_back(n);
    });
  }
  // Runs the loop for `d`, then stops it and lets what was started finish.
  void run_for(std::chrono::milliseconds d) {
    scheduler->start();
    stopper.expires_after(d);
    auto s = scheduler;
    stopper.async_wait([s](boost::system::error_code) { s->stop(); });
    io.run();
  }
  // Stops before run_for's time is up.
  void stop() {
    scheduler->stop();
    stopper.cancel();
  }
  std::uint64_t unix_now = test_support::t0;
  asio::io_context io;
  asio::steady_timer stopper{io};
  std::shared_ptr<recorder> rec = std::make_shared<recorder>();
  std::shared_ptr<privacy::round_scheduler> scheduler;
};

const std::vector<std::string> ten_names{"d0@dir.org", "d1@dir.org", "d2@dir.org", "d3@dir.org", "d4@dir.org",
                                         "d5@dir.org", "d6@dir.org", "d7@dir.org", "d8@dir.org", "d9@dir.org"};

}  // namespace

TEST_CASE("scheduler: cover sends exactly K per round, each start inside its round's window") {
  world w(fast_options(), ten_names);
  w.run_for(400ms);
  const auto& rec = *w.rec;
  REQUIRE(rec.ticks.size() >= 3);
  for (auto n : rec.round_sizes) CHECK(n == 4);
  std::map<std::size_t, std::set<std::string>> by_round;
  for (const auto& [at, name] : rec.starts) {
    // The round it belongs to: the latest tick at or before it.
    auto it = std::upper_bound(rec.ticks.begin(), rec.ticks.end(), at);
    REQUIRE(it != rec.ticks.begin());
    const auto round = static_cast<std::size_t>(it - rec.ticks.begin() - 1);
    CHECK(at - rec.ticks[round] < 15ms + 25ms);  // the window, plus slack for a busy loop
    CHECK(std::find(ten_names.begin(), ten_names.end(), name) != ten_names.end());
    CHECK(by_round[round].insert(name).second);  // a name once per round
  }
  // Every round but possibly the one cut short by stop() started all K.
  for (std::size_t r = 0; r + 1 < rec.ticks.size(); ++r) CHECK(by_round[r].size() == 4);
  const auto& c = w.scheduler->counters();
  CHECK(c.rounds == rec.ticks.size());
  CHECK(c.decoy_slots == 4 * c.rounds);
  CHECK(c.empty_slots == 0);
  CHECK(c.batch_size == 4);
  CHECK(c.rounds_by_lookups.at(4) == c.rounds);
  for (const auto& [name, kind] : rec.background) CHECK(kind == lookup_kind::decoy);
}

TEST_CASE("scheduler: replace_directory swaps the warm-up names (SIGHUP)") {
  world w(fast_options(), ten_names);
  const std::vector<std::string> others{"n0@new.org", "n1@new.org", "n2@new.org", "n3@new.org", "n4@new.org"};
  w.scheduler->replace_directory(addresses(others));
  w.run_for(250ms);
  REQUIRE_FALSE(w.rec->starts.empty());
  for (const auto& [at, name] : w.rec->starts) CHECK(name.find("@new.org") != std::string::npos);
  // Emptied: a cover round then has nothing to send but what is asked for.
  world e(fast_options(), ten_names);
  e.scheduler->replace_directory({});
  e.run_for(250ms);
  CHECK(e.rec->starts.empty());
}

TEST_CASE("scheduler: quiet mode with no demand sends nothing") {
  auto o = fast_options();
  o.idle = privacy::idle_policy::quiet;
  world w(o, ten_names);
  w.run_for(250ms);
  CHECK(w.rec->starts.empty());
  CHECK(w.scheduler->counters().rounds >= 2);
  CHECK(w.scheduler->counters().empty_slots == 4 * w.scheduler->counters().rounds);
}

TEST_CASE("scheduler: a real request gets its own lookup's answer, decoys go to the sink") {
  world w(fast_options(), ten_names);
  w.scheduler->start();
  std::optional<result<resolve::bip353_resolution>> got;
  steady::duration took{};
  asio::co_spawn(
      w.io,
      [&]() -> asio::awaitable<void> {
        const auto begin = steady::now();
        auto op = w.scheduler->dispatch(name::parse("alice@example.com#code1").value());
        auto r = co_await std::move(op);
        took = steady::now() - begin;
        got.emplace(std::move(r));
        w.scheduler->stop();
      },
      asio::detached);
  w.io.run();
  REQUIRE(got);
  REQUIRE(got->ok());
  CHECK((*got)->instructions->uri == "bitcoin:?lno=lno1abc&for=alice@example.com");
  CHECK(took < 60ms * 1.1 + 15ms + 5ms + 100ms);
  bool looked_up = false;
  for (const auto& [at, name] : w.rec->starts) looked_up |= name == "alice@example.com";
  CHECK(looked_up);
  for (const auto& [name, kind] : w.rec->background) {
    CHECK(name != "alice@example.com");
    CHECK(kind == lookup_kind::decoy);
  }
  const auto& c = w.scheduler->counters();
  CHECK(c.real_slots == 1);
  CHECK(c.wait_count == 1);
  CHECK(c.wait_buckets.back() == 1);
}

TEST_CASE("scheduler: a request that would wait too long is busy at once") {
  auto o = fast_options();
  o.batch_size = 1;
  o.batch_size_max = 1;
  o.max_queue_wait = 120ms;  // two rounds of one lookup
  world w(o);
  w.scheduler->start();
  std::vector<std::string> outcomes(4);
  std::vector<steady::duration> took(4);
  int left = 4;
  for (int i = 0; i < 4; ++i)
    asio::co_spawn(
        w.io,
        [&, i]() -> asio::awaitable<void> {
          const auto begin = steady::now();
          auto op = w.scheduler->dispatch(name::parse(numbered("user", i, "@example.com")).value());
          auto r = co_await std::move(op);
          took[static_cast<std::size_t>(i)] = steady::now() - begin;
          outcomes[static_cast<std::size_t>(i)] = r ? "ok" : r.err().code;
          if (--left == 0) w.scheduler->stop();
        },
        asio::detached);
  w.io.run();
  CHECK(outcomes[0] == "ok");
  CHECK(outcomes[1] == "ok");
  CHECK(outcomes[2] == resolve::errc::busy);
  CHECK(outcomes[3] == resolve::errc::busy);
  CHECK(took[2] < 20ms);
  CHECK(w.scheduler->counters().busy == 2);
}

TEST_CASE("scheduler: the queue length is capped") {
  auto o = fast_options();
  o.max_queue = 2;
  o.max_queue_wait = 10s;
  world w(o);
  std::vector<std::string> outcomes;
  for (int i = 0; i < 3; ++i)
    asio::co_spawn(
        w.io,
        [&, i]() -> asio::awaitable<void> {
          auto op = w.scheduler->dispatch(name::parse(numbered("user", i, "@example.com")).value());
          auto r = co_await std::move(op);
          outcomes.push_back(r ? "ok" : r.err().code);
          if (outcomes.size() == 3) w.stop();
        },
        asio::detached);
  w.run_for(2000ms);  // stopped early by the last answer
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0] == resolve::errc::busy);  // the third request, refused before the others' round
  CHECK(std::count(outcomes.begin(), outcomes.end(), "ok") == 2);
}

TEST_CASE("scheduler: due cache entries are refreshed without any request, once") {
  auto o = fast_options();
  o.idle = privacy::idle_policy::quiet;
  std::vector<privacy::cached_entry> cache(2);
  cache[0].name = "due@example.com";
  cache[0].stored_at = test_support::t0 - 1000;
  cache[0].expires_at = test_support::t0 + 5;  // its latest moment (5 s before expiry) is now
  cache[1].name = "fresh@example.com";
  cache[1].stored_at = test_support::t0;
  cache[1].expires_at = test_support::t0 + 3600;
  world w(o, {}, [&](std::uint64_t) { return cache; });
  w.run_for(300ms);
  REQUIRE(w.rec->starts.size() == 1);
  CHECK(w.rec->starts[0].second == "due@example.com");
  REQUIRE(w.rec->background.size() == 1);
  CHECK(w.rec->background[0].second == lookup_kind::refresh);
  CHECK(w.scheduler->counters().refresh_slots == 1);
  CHECK(w.scheduler->counters().background_ok == 1);
}

TEST_CASE("scheduler: decoys come from what clients asked for") {
  auto o = fast_options();
  o.warmup_names = 3;
  world w(o, ten_names);
  for (const auto* n : {"a@asked.com", "b@asked.com", "c@asked.com", "a@asked.com"})
    w.scheduler->note_demand(name::parse(n).value());
  w.run_for(250ms);
  REQUIRE_FALSE(w.rec->starts.empty());
  for (const auto& [at, name] : w.rec->starts) CHECK(name.find("@asked.com") != std::string::npos);
  // Three names known, K = 4: a round sends each once, no more.
  for (auto n : w.rec->round_sizes) CHECK(n == 3);
}

TEST_CASE("scheduler: shared demand that is not a normalised name never takes a decoy slot") {
  // replace_demand is fed from Redis, which anyone with write access to it
  // fills as they like: members that are not names, names in another
  // spelling or with a payer's short code, megabyte strings. None may be
  // kept: a decoy slot drawn for one would go empty (or send a name twice),
  // and rounds that are short of K show which of their lookups were real.
  auto o = fast_options();
  o.warmup_names = 1;
  world w(o);
  const std::vector<std::string> good{"g0@ok.org", "g1@ok.org", "g2@ok.org", "g3@ok.org", "g4@ok.org"};
  std::vector<std::pair<std::string, double>> counts;
  for (const auto& g : good) counts.emplace_back(g, 1.0);
  // Built piece by piece: g++ 12 warns falsely (-Wrestrict) on "lit" + to_string().
  const auto with = [](std::string head, int i, std::string_view tail) {
    head += std::to_string(i);
    head += tail;
    return head;
  };
  for (int i = 0; i < 50; ++i) {
    counts.emplace_back(with("not a name ", i, ""), 1000.0);
    counts.emplace_back(with("G", i, "@OK.ORG"), 1000.0);         // not normalised
    counts.emplace_back(with("h", i, "@ok.org#1234"), 1000.0);  // a short code
    counts.emplace_back(with("h", i, "@localhost"), 1000.0);    // not a name at all
  }
  counts.emplace_back(std::string(1 << 20, 'a') + "@ok.org", 1e9);
  w.scheduler->replace_demand(counts);
  w.run_for(300ms);
  const auto& c = w.scheduler->counters();
  REQUIRE(c.rounds >= 2);
  CHECK(c.empty_slots == 0);
  CHECK(c.decoy_slots == 4 * c.rounds);
  for (const auto& [at, name] : w.rec->starts)
    CHECK(std::find(good.begin(), good.end(), name) != good.end());
}

TEST_CASE("scheduler: stop() releases waiting requests at once") {
  auto o = fast_options();
  o.round_interval = 400ms;
  o.max_queue_wait = 2000ms;
  world w(o);
  w.scheduler->start();
  std::optional<std::string> outcome;
  steady::duration took{};
  asio::co_spawn(
      w.io,
      [&]() -> asio::awaitable<void> {
        const auto begin = steady::now();
        auto op = w.scheduler->dispatch(name::parse("alice@example.com").value());
        auto r = co_await std::move(op);
        took = steady::now() - begin;
        outcome = r ? "ok" : r.err().code;
      },
      asio::detached);
  asio::steady_timer stopper(w.io, 20ms);
  stopper.async_wait([&](boost::system::error_code) { w.scheduler->stop(); });
  const auto begin = steady::now();
  w.io.run();
  REQUIRE(outcome);
  CHECK(*outcome == resolve::errc::busy);
  CHECK(took < 200ms);
  CHECK(steady::now() - begin < 300ms);  // the loop ended too
  CHECK(w.rec->starts.empty());
}

TEST_CASE("scheduler: a caller's wait has a deadline, then its lookup's answer then goes to the sink") {
  auto o = fast_options();
  o.idle = privacy::idle_policy::quiet;
  o.max_queue_wait = 120ms;
  o.lookup_limit = 50ms;  // the caller gives up after 120 + 90 + 50 ms
  world w(o);
  w.rec->delay = 400ms;  // a lookup slower than that
  w.scheduler->start();
  std::optional<std::string> outcome;
  asio::co_spawn(
      w.io,
      [&]() -> asio::awaitable<void> {
        auto op = w.scheduler->dispatch(name::parse("slow@example.com").value());
        auto r = co_await std::move(op);
        outcome = r ? "ok" : r.err().code;
      },
      asio::detached);
  asio::steady_timer stopper(w.io, 600ms);
  stopper.async_wait([&](boost::system::error_code) { w.scheduler->stop(); });
  w.io.run();
  REQUIRE(outcome);
  CHECK(*outcome == "upstream_timeout");
  CHECK(w.scheduler->counters().wait_timeouts == 1);
  REQUIRE(w.rec->background.size() == 1);
  CHECK(w.rec->background[0] == std::make_pair(std::string("slow@example.com"), lookup_kind::real));
}
