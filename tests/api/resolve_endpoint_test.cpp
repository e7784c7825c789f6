// /v1/resolve through the router, over the real answer service and cache,
// with a scripted dispatcher in place of the network.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "hrn/api/router.hpp"
#include "hrn/api/json_views.hpp"
#include "hrn/api/padding.hpp"
#include "hrn/cache/store.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "support/router_world.hpp"

using namespace hrn;
using test_support::run_sync;

namespace {

using world = test_support::router_world;

boost::json::object parse(const api::http_response& r) { return boost::json::parse(r.body).as_object(); }

}  // namespace

TEST_CASE("the fast text of a hit is exactly the JSON object serialised") {
  world w;
  const std::string uri = std::string("bitcoin:?lno=") + test_support::real_offer;
  w.dispatcher.script = {test_support::found_answer(300, uri, test_support::real_offer)};
  auto miss = w.get("/v1/resolve?name=alice@example.com");
  REQUIRE(miss.status == 200);
  w.now += 17;
  for (const char* target : {"/v1/resolve?name=alice@example.com", "/v1/resolve?name=ALICE*EXAMPLE.COM%23code9",
                             "/v1/resolve?name=alice@example.com&proof=1"}) {
    auto hit = w.get(target);
    REQUIRE(hit.status == 200);
    const bool proof = std::string(target).find("proof=1") != std::string::npos;
    auto address = name::parse(std::string(target).find('*') != std::string::npos ? "ALICE*EXAMPLE.COM#code9"
                                                                                   : "alice@example.com");
    auto served = run_sync(w.answers.resolve(*address));
    REQUIRE(served.ok());
    // The body is the document, then the padding (spaces).
    const auto document = hit.body.substr(0, hit.body.find_last_not_of(' ') + 1);
    CHECK(document == boost::json::serialize(api::served_answer_json(*address, *served, w.now, proof, w.tips)));
    auto o = parse(hit);
    CHECK(o.at("offer_info").at("description").as_string() == "Test vectors");
    CHECK(o.at("ttl").as_int64() == 300 - 17);
  }
}

TEST_CASE("POST answers each name in order, and a malformed body as a whole is 400") {
  world w;
  w.dispatcher.script = {test_support::found_answer(300)};
  auto ok = w.post(R"({"names":["a@example.com","x@y","b@example.com"],"proof":false})");
  REQUIRE(ok.status == 200);
  auto results = parse(ok).at("results").as_array();
  REQUIRE(results.size() == 3);
  CHECK(results[1].at("error").at("code").as_string() == "single_label_domain");
  CHECK(w.post("[1,2]").status == 400);
  CHECK(w.post(R"({"names":[[[[[[[[[["deep"]]]]]]]]]]})").status == 400);
  std::string many = R"({"names":[)";
  for (int i = 0; i < 33; ++i) many += std::string(i ? "," : "") + "\"u" + std::to_string(i) + "@example.com\"";
  many += "]}";
  auto too_many = w.post(many);
  CHECK(too_many.status == 400);
  CHECK(parse(too_many).at("error").at("code").as_string() == "too_many_names");
  CHECK(w.dispatcher.calls == 2);  // a and b only
}

TEST_CASE("a name that is not UTF-8 is not echoed into the JSON") {
  world w;
  auto r = w.get("/v1/resolve?name=%FF%FE@x.y");
  CHECK(r.status == 400);
  auto o = parse(r);  // parses: the body is valid JSON
  CHECK(o.at("name").is_null());
  auto fine = parse(w.get("/v1/resolve?name=a@b"));
  CHECK(fine.at("name").as_string() == "a@b");
}

TEST_CASE("over the onion service there is no /metrics and /healthz hides the cache") {
  world w;
  CHECK(w.get("/metrics", true).status == 404);
  CHECK(w.get("/metrics").status == 200);
  CHECK_FALSE(parse(w.get("/healthz", true)).contains("cache"));
  CHECK(parse(w.get("/healthz")).at("cache").at("entries").as_int64() == 7);
}

TEST_CASE("a failed lookup answers with the status of its code") {
  world w;
  w.dispatcher.script = {make_error(dns::errc::dnssec_bogus, "forged")};
  auto r = w.get("/v1/resolve?name=mallory@example.com");
  CHECK(r.status == 502);
  CHECK(parse(r).at("error").at("code").as_string() == "dnssec_bogus");
  CHECK(w.store.entries() == 0);
}

TEST_CASE("every answer is padded to a size bucket, and still parses") {
  world w;
  const std::string uri = std::string("bitcoin:?lno=") + test_support::real_offer;
  w.dispatcher.script = {test_support::found_answer(300, uri, test_support::real_offer)};
  std::vector<api::http_response> answers;
  answers.push_back(w.get("/v1/resolve?name=alice@example.com"));           // miss
  answers.push_back(w.get("/v1/resolve?name=alice@example.com"));           // hit (fast text)
  answers.push_back(w.get("/v1/resolve?name=alice@example.com&proof=1"));   // with the proof
  answers.push_back(w.get("/v1/resolve?name=x@y"));                         // bad name
  answers.push_back(w.get("/nope"));                                        // 404
  answers.push_back(w.get("/healthz"));
  std::string big = R"({"names":[)";
  for (int i = 0; i < 32; ++i) big += std::string(i ? "," : "") + "\"user" + std::to_string(i) + "@example.com\"";
  answers.push_back(w.post(big + R"(],"proof":true})"));
  for (const auto& a : answers) {
    INFO(a.status << " " << a.body.size());
    const auto n = a.body.size();
    CHECK((n == 1024 || n == 2048 || n == 4096 || n == 8192 || n == 16384 || (n > 16384 && (n & (n - 1)) == 0)));
    CHECK_NOTHROW(boost::json::parse(a.body));
  }
  CHECK(api::padded_size(0) == 1024);
  CHECK(api::padded_size(1025) == 2048);
  CHECK(api::padded_size(16385) == 32768);
}
