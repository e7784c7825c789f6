// GET / and GET /pay through the router, over the real answer service and
// cache, with a scripted dispatcher in place of the network.
#include <catch2/catch.hpp>

#include "hrn/api/padding.hpp"
#include "hrn/dns/errors.hpp"
#include "support/router_world.hpp"

using namespace hrn;
using test_support::router_world;

namespace {

bool has(const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; }

std::string header(const api::http_response& r, std::string_view name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return {};
}

// A page's bytes are a padding bucket, and the page itself (before the
// spaces) is what the browser gets as HTML.
void check_page(const api::http_response& r) {
  CHECK(r.content_type == "text/html; charset=utf-8");
  CHECK(r.body.size() == api::padded_size(r.body.size()));
  CHECK(r.body.find("</html>") != std::string::npos);
  CHECK(r.body.find_last_not_of(' ') == r.body.find("</html>") + 6);
  CHECK(header(r, "Content-Security-Policy").starts_with("default-src 'none'"));
  CHECK(header(r, "X-Content-Type-Options") == "nosniff");
}

std::string real_uri() { return std::string("bitcoin:?lno=") + test_support::real_offer; }

}  // namespace

TEST_CASE("web endpoint: GET / is the form, padded, with the page's headers; no lookup") {
  router_world w;
  auto r = w.get("/");
  CHECK(r.status == 200);
  check_page(r);
  CHECK(has(r.body, "<form action=\"pay\" method=\"get\">"));
  CHECK(w.dispatcher.calls == 0);
  CHECK(w.get("/?name=alice@example.com").body == r.body);  // the form only: results live at /pay
}

TEST_CASE("web endpoint: /pay shows the found offer with its flag at the tip, and the short code") {
  router_world w;
  w.dispatcher.script = {test_support::found_answer(300, real_uri(), test_support::real_offer)};
  auto r = w.get("/pay?name=ALICE*EXAMPLE.COM%23Ab12");
  REQUIRE(r.status == 200);
  check_page(r);
  CHECK(has(r.body, "<h1>Pay <bdi>\xe2\x82\xbf" "alice@example.com</bdi></h1>"));
  CHECK(has(r.body, "<dd><bdi>Test vectors</bdi></dd>"));
  CHECK(has(r.body, "<dt>Payer note</dt><dd><bdi>ab12</bdi></dd>"));
  CHECK(has(r.body, std::string("id=\"paytext\">") + test_support::real_offer + "<"));
  CHECK(has(r.body, "No flag to show: waiting for the block source"));
  w.set_tip(840000, 2);
  auto flagged = w.get("/pay?name=alice@example.com");
  CHECK(flagged.status == 200);
  CHECK(has(flagged.body, "</span> at block 840000"));
  CHECK(has(flagged.body, "The block before, 839999: "));
  CHECK(w.dispatcher.calls == 1);  // the second was a cache hit
}

TEST_CASE("web endpoint: failures are pages with the JSON API's statuses and the form again") {
  router_world w;
  auto missing = w.get("/pay");
  CHECK(missing.status == 400);
  check_page(missing);
  CHECK(has(missing.body, "<h1>Type a name</h1>"));
  CHECK(w.get("/pay?name=+").status == 400);
  auto bad = w.get("/pay?name=%22%3E%3Cb%3Ea@b");
  CHECK(bad.status == 400);
  check_page(bad);
  CHECK(has(bad.body, "value=\"&quot;&gt;&lt;b&gt;a@b\""));
  CHECK_FALSE(has(bad.body, "<b>a@b"));
  CHECK(w.get("/pay?name=%zz").status == 400);
  w.dispatcher.script = {hrn::make_error(dns::errc::dnssec_bogus, "the signature does not verify")};
  auto bogus = w.get("/pay?name=alice@example.com");
  CHECK(bogus.status == 502);
  CHECK(has(bogus.body, "Error code: dnssec_bogus"));
  CHECK(has(bogus.body, "value=\"alice@example.com\""));
  CHECK(w.router.metrics().count(api::endpoint::web, 502) == 1);
  auto post = test_support::run_sync(w.router.handle({"POST", "/pay", "", ""}));
  CHECK(post.status == 405);
}

TEST_CASE("web endpoint: a name proven absent is a 200 page that says so") {
  router_world w;
  auto absent = test_support::found_answer(300);
  absent.found = false;
  absent.instructions.reset();
  w.dispatcher.script = {absent};
  auto r = w.get("/pay?name=nobody@example.com");
  CHECK(r.status == 200);
  CHECK(has(r.body, "<h1>No payment address</h1>"));
}

TEST_CASE("web endpoint: a lookup costs one token of the rate limit; the form costs none") {
  router_world w;
  unsigned asked = 0;
  api::router_parts parts;
  parts.health = [] { return api::health_snapshot{}; };
  parts.answers = &w.answers;
  parts.admit = [&](const api::http_request&, unsigned cost) -> std::optional<std::chrono::seconds> {
    asked += cost;
    return std::chrono::seconds(7);
  };
  api::router limited(std::move(parts));
  auto get = [&](std::string target) {
    return test_support::run_sync(limited.handle({"GET", std::move(target), "", ""}));
  };
  CHECK(get("/").status == 200);
  CHECK(asked == 0);
  auto r = get("/pay?name=alice@example.com");
  CHECK(r.status == 429);
  CHECK(asked == 1);
  CHECK(header(r, "Retry-After") == "7");
  CHECK(has(r.body, "<h1>Too many lookups</h1>"));
  CHECK(has(r.body, "value=\"alice@example.com\""));
  CHECK(w.dispatcher.calls == 0);
}
