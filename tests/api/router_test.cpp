#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "hrn/api/router.hpp"
#include "support/run_sync.hpp"

namespace {

hrn::api::router make_router() {
  return hrn::api::router([] {
    hrn::api::health_snapshot h;
    h.version = "9.9.9";
    h.uptime_seconds = 42;
    return h;
  });
}

}  // namespace

TEST_CASE("GET /healthz reports the relay's state as JSON") {
  auto r = make_router();
  auto res = test_support::run_sync(r.handle({"GET", "/healthz", "", ""}));
  CHECK(res.status == 200);
  CHECK(res.content_type == "application/json");
  auto body = boost::json::parse(res.body).as_object();
  CHECK(body.at("version").as_string() == "9.9.9");
  CHECK(body.at("uptime_seconds").as_int64() == 42);
  // Nothing is resolved yet, and health must not claim otherwise.
  CHECK(body.at("resolver").at("available").as_bool() == false);
}

TEST_CASE("unknown paths are 404 and other methods 405, both as JSON errors") {
  auto r = make_router();
  auto missing = test_support::run_sync(r.handle({"GET", "/nope", "", ""}));
  CHECK(missing.status == 404);
  CHECK(boost::json::parse(missing.body).at("error").at("code").as_string() == "not_found");
  auto post = test_support::run_sync(r.handle({"POST", "/healthz", "", ""}));
  CHECK(post.status == 405);
}

TEST_CASE("/metrics is Prometheus text counting responses by class") {
  auto r = make_router();
  (void)test_support::run_sync(r.handle({"GET", "/healthz?x=1", "", ""}));
  (void)test_support::run_sync(r.handle({"GET", "/nope", "", ""}));
  auto res = test_support::run_sync(r.handle({"GET", "/metrics", "", ""}));
  CHECK(res.status == 200);
  CHECK(res.content_type.starts_with("text/plain"));
  CHECK(res.body.find("hrn_http_requests_total{endpoint=\"healthz\",status=\"200\"} 1\n") != std::string::npos);
  CHECK(res.body.find("hrn_http_requests_total{endpoint=\"other\",status=\"404\"} 1\n") != std::string::npos);
  CHECK(res.body.find("hrn_uptime_seconds 42\n") != std::string::npos);
}
