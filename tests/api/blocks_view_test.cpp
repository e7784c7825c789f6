#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "hrn/api/router.hpp"
#include "support/run_sync.hpp"

namespace {

constexpr std::uint64_t now = 1754560000;

hrn::api::router make_router(std::string source, std::optional<hrn::flag::chain_tip> tip, std::string reason) {
  hrn::api::router_parts parts;
  parts.health = [source] {
    hrn::api::health_snapshot h;
    h.blocks_source = source;
    h.blocks_poll_failures = 3;
    h.blocks_last_good = now - 30;
    return h;
  };
  parts.unix_now = [] { return now; };
  if (!source.empty()) parts.tips = [tip, reason] { return hrn::flag::tip_state{tip, reason}; };
  return hrn::api::router(std::move(parts));
}

hrn::flag::chain_tip tip_at(std::uint32_t height) {
  hrn::flag::chain_tip t;
  t.height = height;
  t.hashes = {{0xab}};
  t.observed_at = now - 30;
  return t;
}

boost::json::object blocks_of(hrn::api::router& r, bool via_onion = false) {
  hrn::api::http_request request{"GET", "/healthz", "", ""};
  request.via_onion = via_onion;
  auto res = test_support::run_sync(r.handle(request));
  REQUIRE(res.status == 200);
  auto body = boost::json::parse(res.body).as_object();
  if (!body.contains("blocks")) return {};
  return body.at("blocks").as_object();
}

std::string metrics_of(hrn::api::router& r) {
  return test_support::run_sync(r.handle({"GET", "/metrics", "", ""})).body;
}

}  // namespace

TEST_CASE("/healthz blocks: the tip's height and age, never a hash") {
  auto r = make_router("esplora", tip_at(850000), "");
  const auto blocks = blocks_of(r);
  CHECK(blocks.at("source").as_string() == "esplora");
  CHECK(blocks.at("height").as_int64() == 850000);
  CHECK(blocks.at("age_seconds").as_int64() == 30);
  CHECK(blocks.at("poll_failures").as_int64() == 3);
  CHECK_FALSE(blocks.contains("reason"));
  const auto metrics = metrics_of(r);
  CHECK(metrics.find("hrn_blocks_tip_height 850000\n") != std::string::npos);
  CHECK(metrics.find("hrn_blocks_tip_available 1\n") != std::string::npos);
  CHECK(metrics.find("hrn_blocks_seconds_since_good_poll 30\n") != std::string::npos);
  CHECK(metrics.find("hrn_blocks_poll_failures_total 3\n") != std::string::npos);
  CHECK(metrics.find("ab00") == std::string::npos);
  // Over the onion service /healthz leaves the section out.
  CHECK(blocks_of(r, true).empty());
}

TEST_CASE("/healthz blocks: the reason when there is no tip") {
  auto failing = make_router("bitcoind", std::nullopt, "block source refuses the RPC credentials since …");
  const auto blocks = blocks_of(failing);
  CHECK(blocks.at("source").as_string() == "bitcoind");
  CHECK(blocks.at("reason").as_string() == "block source refuses the RPC credentials since …");
  CHECK_FALSE(blocks.contains("height"));
  const auto metrics = metrics_of(failing);
  CHECK(metrics.find("hrn_blocks_tip_available 0\n") != std::string::npos);
  CHECK(metrics.find("hrn_blocks_tip_height") == std::string::npos);

  auto none = make_router("", std::nullopt, "");
  const auto unconfigured = blocks_of(none);
  CHECK(unconfigured.at("source").is_null());
  CHECK(unconfigured.at("reason").as_string() == "no block source configured (--blocks)");
  CHECK(metrics_of(none).find("hrn_blocks_") == std::string::npos);
}
