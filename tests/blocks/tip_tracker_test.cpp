#include <catch2/catch.hpp>

#include "hrn/blocks/errors.hpp"
#include "hrn/blocks/tip_tracker.hpp"
#include "hrn/tor/errors.hpp"

using namespace hrn::blocks;

namespace {
constexpr std::uint64_t t0 = 1754560000;  // 2025-08-07T09:46:40Z

hrn::flag::chain_tip tip_at(std::uint32_t height, std::uint64_t when, std::uint8_t first = 1) {
  hrn::flag::chain_tip t;
  t.height = height;
  t.hashes = {{first}, {2}};
  t.observed_at = when;
  return t;
}
}  // namespace

TEST_CASE("tracker: waiting, then a tip, then a new tip") {
  tip_tracker tracker(std::chrono::seconds(1800));
  auto s = tracker.state(t0);
  CHECK_FALSE(s.tip);
  CHECK(s.reason == "waiting for the block source's first answer");
  CHECK_FALSE(tracker.last_good());

  auto news = tracker.on_success(tip_at(850000, t0));
  CHECK(news.tip_changed);
  CHECK_FALSE(news.recovered);
  REQUIRE(tracker.state(t0 + 10).tip);
  CHECK(tracker.state(t0 + 10).tip->height == 850000);
  CHECK(tracker.last_good() == t0);

  CHECK_FALSE(tracker.on_success(tip_at(850000, t0 + 60)).tip_changed);  // re-confirmed only
  CHECK(tracker.last_good() == t0 + 60);
  CHECK(tracker.on_success(tip_at(850001, t0 + 120)).tip_changed);
  // Same height, other hash (a reorg): a change too.
  CHECK(tracker.on_success(tip_at(850001, t0 + 180, 9)).tip_changed);
}

TEST_CASE("tracker: failures keep the tip until max age, then drop it with the reason") {
  tip_tracker tracker(std::chrono::seconds(1800));
  (void)tracker.on_success(tip_at(850000, t0));
  const auto err = hrn::make_error(hrn::tor::errc::socks_host_unreachable, "tor could not reach esplora.test");
  auto first = tracker.on_failure(err, t0 + 60);
  CHECK(first.started_failing);
  CHECK_FALSE(tracker.on_failure(err, t0 + 120).started_failing);  // said once
  CHECK(tracker.failures() == 2);
  CHECK(tracker.state(t0 + 1800).tip);  // exactly max age: still shown
  const auto dropped = tracker.state(t0 + 1801);
  REQUIRE_FALSE(dropped.tip);
  CHECK(dropped.reason.find("height 850000") != std::string::npos);
  CHECK(dropped.reason.find("1801 s ago") != std::string::npos);
  CHECK(dropped.reason.find("unreachable since 2025-08-07T09:47:40Z") != std::string::npos);
  CHECK(dropped.reason.find("tor could not reach esplora.test") != std::string::npos);

  auto back = tracker.on_success(tip_at(850002, t0 + 1900));
  CHECK(back.recovered);
  CHECK(back.tip_changed);
  CHECK(tracker.state(t0 + 1900).tip);
}

TEST_CASE("tracker: a source failing from the start says how") {
  tip_tracker tracker(std::chrono::seconds(600));
  (void)tracker.on_failure(hrn::make_error(errc::rpc_auth_failed, "bitcoind refused the RPC credentials (HTTP 401)"), t0);
  auto s = tracker.state(t0 + 5);
  REQUIRE_FALSE(s.tip);
  CHECK(s.reason.find("refuses the RPC credentials since") != std::string::npos);
  CHECK(s.reason.find("HTTP 401") != std::string::npos);

  tip_tracker invalid(std::chrono::seconds(600));
  (void)invalid.on_failure(hrn::make_error(errc::inconsistent_chain, "heights jump"), t0);
  CHECK(invalid.state(t0).reason.find("answers invalid data") != std::string::npos);
  CHECK(failure_kind(hrn::make_error(errc::source_timeout, "")) == "unreachable");
  CHECK(failure_kind(hrn::make_error(errc::reply_too_large, "")) == "answers invalid data");
}

TEST_CASE("utc_text") {
  CHECK(utc_text(0) == "1970-01-01T00:00:00Z");
  CHECK(utc_text(t0) == "2025-08-07T09:46:40Z");
}
