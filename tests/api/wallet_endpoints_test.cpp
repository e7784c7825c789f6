// The wallet endpoints over the real router, answer service and wallet_dns,
// with a chain check that accepts any chain (tests/relay/resolve_wallets_*.sh
// drive the real validator): what a stranger can learn from them.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "hrn/api/padding.hpp"
#include "hrn/api/router.hpp"
#include "hrn/cache/store.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/wallet_dns.hpp"
#include "support/canned_chain.hpp"
#include "support/fake_dispatcher.hpp"
#include "support/run_sync.hpp"

using namespace hrn;
namespace json = boost::json;
using test_support::t0;

namespace {

dns::name N(const std::string& text) { return dns::name::from_text(text).value(); }

result<dns::validated_answer> through_example_com(byte_view, const dns::name& qname, std::uint16_t qtype) {
  return test_support::through_example_com(qname, qtype);
}

struct wallet_router_world {
  std::uint64_t now = t0;
  cache::store store{1 << 20};
  test_support::fake_dispatcher dispatcher;
  resolve::answer_service answers{store, dispatcher, resolve::service_options{}, [this] { return now; }};
  resolve::wallet_dns wallet{answers, through_example_com, [this] { return now; }};
  api::router router{[this] {
    api::router_parts parts;
    parts.health = [] { return api::health_snapshot{}; };
    parts.answers = &answers;
    parts.wallet = &wallet;
    parts.unix_now = [this] { return now; };
    return parts;
  }()};
  wallet_router_world() { dispatcher.script = {test_support::found_answer(300)}; }

  api::http_response get(std::string target, std::string client, std::uint64_t connection, bool via_onion) {
    api::http_request r{"GET", std::move(target), "", ""};
    r.client = std::move(client);
    r.connection = connection;
    r.via_onion = via_onion;
    return test_support::run_sync(router.handle(std::move(r)));
  }
  static std::string header(const api::http_response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return "";
  }
  static std::int64_t status_of(const api::http_response& r) {
    return json::parse(r.body).as_object().at("Status").as_int64();
  }
};

// A DoH GET target asking TXT at alice's name, without an OPT RR.
std::string doh_get_alice_without_opt() {
  bytes q{0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  const auto qname = N("alice.user._bitcoin-payment.example.com.");
  const auto wire = qname.wire();
  q.insert(q.end(), wire.begin(), wire.end());
  q.insert(q.end(), {0, 16, 0, 1});
  auto b64 = to_base64(q);
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  for (char& c : b64) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return "/dns-query?dns=" + b64;
}

constexpr const char* alice_txt = "/resolve?name=alice.user._bitcoin-payment.example.com&type=TXT";
constexpr const char* example_keys = "/resolve?name=example.com&type=DNSKEY";

}  // namespace

TEST_CASE("wallet endpoints: an answer about a payment name may be kept by the wallet, not by a shared cache") {
  wallet_router_world w;
  auto r = w.get(alice_txt, "192.0.2.1", 1, false);
  REQUIRE(r.status == 200);
  CHECK(w.status_of(r) == 0);
  // RFC 8484 §5.1 wants a freshness lifetime; RFC 9111 §5.2.2.7 `private`
  // keeps it out of proxies and CDNs, where the URL (the name) would stay.
  CHECK(w.header(r, "Cache-Control") == "private, max-age=300");
}

TEST_CASE("wallet endpoints: a zone's keys tell no client what another asked") {
  wallet_router_world w;
  REQUIRE(w.status_of(w.get(alice_txt, "192.0.2.1", 1, false)) == 0);
  // The same client, even on another connection (a browser opens several).
  CHECK(w.status_of(w.get(example_keys, "192.0.2.1", 2, false)) == 0);
  // Another client: REFUSED, exactly as if nobody had asked.
  CHECK(w.status_of(w.get(example_keys, "192.0.2.7", 3, false)) == 5);

  // Over the onion service every client is "onion": only the connection
  // that asked gets the keys.
  REQUIRE(w.status_of(w.get(alice_txt, "onion", 10, true)) == 0);
  CHECK(w.status_of(w.get(example_keys, "onion", 10, true)) == 0);
  CHECK(w.status_of(w.get(example_keys, "onion", 11, true)) == 5);
}

TEST_CASE("wallet endpoints: binary answers are padded too, in a header field") {
  wallet_router_world w;
  // The proof: 100 octets here, and as many as the name's chain in a relay.
  auto proof = w.get("/dnssecproof?d=alice.user._bitcoin-payment.example.com&t=TXT", "192.0.2.1", 1, false);
  REQUIRE(proof.status == 200);
  REQUIRE(proof.content_type == "application/octet-stream");
  CHECK(proof.body.size() == 100);
  CHECK(proof.body.size() + w.header(proof, "Padding").size() == 1024);
  // A DoH answer to a query without an OPT RR cannot carry EDNS padding.
  auto doh = w.get(doh_get_alice_without_opt(), "192.0.2.1", 1, false);
  REQUIRE(doh.status == 200);
  REQUIRE(doh.content_type == "application/dns-message");
  CHECK(doh.body.size() + w.header(doh, "Padding").size() == 1024);
}

TEST_CASE("wallet endpoints: header padding fills a bucket and never grows past 8 KiB") {
  CHECK(api::header_padding_for(0) == 1024);
  CHECK(api::header_padding_for(1000) == 24);
  CHECK(api::header_padding_for(5000) == 8192 - 5000);
  CHECK(api::header_padding_for(8192) == 0);
  CHECK(api::header_padding_for(8193) == 8191);
  CHECK(api::header_padding_for(40000) == 40960 - 40000);
  for (std::size_t n : {1u, 1025u, 9000u, 65535u, 70000u}) CHECK(api::header_padding_for(n) < api::max_header_padding);
}
