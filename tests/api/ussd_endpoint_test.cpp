// POST /v1/ussd and GET /v1/ussd/offer/REF through the router, over the real
// answer service and cache, with a scripted dispatcher in place of the network.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "hrn/api/router.hpp"
#include "hrn/api/ussd.hpp"
#include "hrn/cache/store.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/phone/sms.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "support/fake_dispatcher.hpp"
#include "support/run_sync.hpp"

using namespace hrn;
using test_support::run_sync;

namespace {

struct world {
  std::uint64_t now = test_support::t0;
  bool admit = true;
  cache::store store{1 << 20};
  test_support::fake_dispatcher dispatcher;
  resolve::answer_service answers{store, dispatcher, resolve::service_options{}, [this] { return now; }};
  api::ussd_service ussd{api::ussd_options{}, privacy::random_source::seeded(7)};
  api::router router{[this] {
    api::router_parts parts;
    parts.health = [] { return api::health_snapshot{}; };
    parts.answers = &answers;
    parts.unix_now = [this] { return now; };
    parts.admit = [this](const api::http_request&, unsigned) -> std::optional<std::chrono::seconds> {
      if (admit) return std::nullopt;
      return std::chrono::seconds(3);
    };
    parts.ussd = &ussd;
    return parts;
  }()};

  explicit world(api::ussd_options options = {}) : ussd(options, privacy::random_source::seeded(7)) {
    dispatcher.script = {test_support::found_answer(
        300, std::string("bitcoin:?lno=") + test_support::real_offer, test_support::real_offer)};
  }
  api::http_response post(std::string body) {
    return run_sync(router.handle({"POST", "/v1/ussd", "application/x-www-form-urlencoded", std::move(body)}));
  }
  // One screen of session `id`, checked as a gateway needs it.
  std::string screen(const std::string& id, const std::string& text) {
    auto r = post("sessionId=" + id + "&serviceCode=%2A384%2A1%23&phoneNumber=%2B254711082999&text=" + text);
    INFO(r.body);
    CHECK(r.status == 200);
    CHECK(r.content_type.starts_with("text/plain"));
    CHECK(phone::is_gsm7(r.body));
    CHECK(phone::gsm7_septets(r.body) <= 182);  // and so not padded
    return r.body;
  }
  api::http_response get(std::string target) { return run_sync(router.handle({"GET", std::move(target), "", ""})); }
};

boost::json::object json_of(const api::http_response& r) { return boost::json::parse(r.body).as_object(); }

std::string reference_in(const std::string& screen) {
  const auto at = screen.find("Ref ");
  REQUIRE(at != std::string::npos);
  return screen.substr(at + 4, 16);
}

}  // namespace

TEST_CASE("ussd: off unless configured, /v1/ussd is an unknown path") {
  api::router r([] { return api::health_snapshot{}; });
  auto res = run_sync(r.handle({"POST", "/v1/ussd", "", "sessionId=a&text="}));
  CHECK(res.status == 404);
  CHECK(json_of(res).at("error").at("code").as_string() == "not_found");
  CHECK(run_sync(r.handle({"GET", "/v1/ussd/offer/0123456789ABCDEF", "", ""})).status == 404);
}

TEST_CASE("ussd: the flow a gateway drives, and the offer its backend fetches") {
  world w;
  CHECK(w.screen("s1", "").starts_with("CON Pay a Lightning address"));
  CHECK(w.screen("s1", "ALICE*EXAMPLE.COM").starts_with("CON Short code"));
  const auto confirm = w.screen("s1", "ALICE*EXAMPLE.COM*Ab12");
  CHECK(confirm == "CON Pay alice@example.com\n\"Test vectors\"\nAny amount\nNo flag\nNote ab12\n1 Confirm\n2 Cancel");
  CHECK(w.dispatcher.calls == 1);
  const auto done = w.screen("s1", "ALICE*EXAMPLE.COM*Ab12*1");
  CHECK(done.starts_with("END Confirmed. Ref "));
  const auto ref = reference_in(done);

  auto offer = w.get("/v1/ussd/offer/" + ref);
  REQUIRE(offer.status == 200);
  CHECK(offer.body.size() == 1024);  // padded like every other JSON answer
  auto o = json_of(offer);
  CHECK(o.at("offer").as_string() == test_support::real_offer);
  CHECK(o.at("name").as_string() == "alice@example.com");
  CHECK(o.at("payer_note").as_string() == "ab12");
  CHECK(o.at("amount").is_null());
  CHECK(o.at("bip353_name").at("domain").as_string() == "example.com");
  // A few minutes later the reference is expired, later still unknown.
  w.now += 300;
  auto expired = w.get("/v1/ussd/offer/" + ref);
  CHECK(expired.status == 404);
  CHECK(json_of(expired).at("error").at("code").as_string() == "ussd_offer_expired");
  w.now += 300;
  CHECK(json_of(w.get("/v1/ussd/offer/" + ref)).at("error").at("code").as_string() == "ussd_offer_unknown");
  for (const char* bad : {"/v1/ussd/offer/", "/v1/ussd/offer/0123456789ABCDEF", "/v1/ussd/offer/%00",
                          "/v1/ussd/offer/0123456789ABCDEFG"})
    CHECK(json_of(w.get(bad)).at("error").at("code").as_string() == "ussd_offer_unknown");
}

TEST_CASE("ussd: sessions are apart, a cancelled one issues nothing, an old one times out") {
  world w;
  w.screen("a", "");
  w.screen("b", "");
  w.screen("a", "alice@example.com");
  CHECK(w.screen("b", "bob@example.com").starts_with("CON Short code"));
  CHECK(w.screen("a", "alice@example.com*0").find("Note") == std::string::npos);
  CHECK(w.screen("a", "alice@example.com*0*2") == "END Cancelled. Nothing will be paid.");
  w.now += 180;
  CHECK(w.screen("b", "bob@example.com*0") == "END Session timed out, dial again.");
  CHECK(w.screen("never-started", "1*2") == "END Session timed out, dial again.");
}

TEST_CASE("ussd: bad names ask again; failed and empty lookups end with a reason") {
  world w;
  w.screen("s", "");
  CHECK(w.screen("s", "alice@localhost").starts_with("CON The domain needs a dot"));
  CHECK(w.screen("s", "alice@localhost*alice").starts_with("CON The name needs @ (or *)"));
  CHECK(w.dispatcher.calls == 0);

  w.dispatcher.script = {make_error(dns::errc::dnssec_bogus, "forged")};
  w.screen("t", "");
  w.screen("t", "mallory@example.com");
  CHECK(w.screen("t", "mallory@example.com*0") ==
        "END Could not pay mallory@example.com: its DNS records are not signed safely.");

  auto absent = test_support::found_answer(300);
  absent.found = false;
  absent.instructions.reset();
  w.dispatcher.script = {absent};
  w.screen("u", "");
  CHECK(w.screen("u", "nobody@example.com#1") == "END Could not pay nobody@example.com: it has no payment address.");
}

TEST_CASE("ussd: a lookup over the rate limit ends with 429; malformed forms and wrong methods") {
  world w;
  w.admit = false;
  w.screen("s", "");
  w.screen("s", "alice@example.com");
  auto r = w.post("sessionId=s&text=alice@example.com*0");
  CHECK(r.status == 429);
  CHECK(r.body == "END Could not pay alice@example.com: the service is busy; try again later.");
  CHECK(w.dispatcher.calls == 0);

  auto bad = w.post("sessionId=s&text=%zz");
  CHECK(bad.status == 400);
  CHECK(bad.body == "END The request could not be read (ussd_bad_form).");
  CHECK(w.post("text=").status == 400);
  CHECK(w.get("/v1/ussd").status == 405);
  CHECK(run_sync(w.router.handle({"POST", "/v1/ussd/offer/0123456789ABCDEF", "", ""})).status == 405);
}

TEST_CASE("ussd: a flood of new sessions pushes out no dialogue under way") {
  // Whoever reaches /v1/ussd can dial as often as they like: a first call
  // costs no token. With a table that pushed out its oldest entry, 10,000
  // dials (here 3) would end every payer's dialogue mid-way.
  api::ussd_options small;
  small.max_sessions = 3;
  world w(small);
  w.screen("payer", "");
  CHECK(w.screen("payer", "alice@example.com").starts_with("CON Short code"));
  w.screen("flood-1", "");
  w.screen("flood-2", "");
  auto refused = w.post("sessionId=flood-3&text=");
  CHECK(refused.status == 503);  // visible in /metrics
  CHECK(refused.body == "END The service is busy. Dial again in a few minutes.");
  CHECK(w.screen("payer", "alice@example.com*0").starts_with("CON Pay alice@example.com"));
  // Once the flood's sessions are past their time, new dials get slots again.
  w.now += 180;
  CHECK(w.screen("next", "").starts_with("CON Pay a Lightning address"));
}

TEST_CASE("ussd: not served over the onion service") {
  // The gateway is the operator's partner and reaches the relay directly;
  // over the onion service anyone could dial, unseen, and no firewall can
  // keep them out (the onion listener is the API's).
  world w;
  api::http_request dial{"POST", "/v1/ussd", "application/x-www-form-urlencoded", "sessionId=s&text="};
  dial.client = "onion";
  dial.via_onion = true;
  CHECK(run_sync(w.router.handle(dial)).status == 404);
  api::http_request fetch{"GET", "/v1/ussd/offer/0123456789ABCDEF", "", ""};
  fetch.client = "onion";
  fetch.via_onion = true;
  auto r = run_sync(w.router.handle(fetch));
  CHECK(r.status == 404);
  CHECK(json_of(r).at("error").at("code").as_string() == "not_found");
}
