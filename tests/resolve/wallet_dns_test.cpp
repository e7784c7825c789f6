// What a wallet's DS/DNSKEY question may learn from the zone index, which
// other clients' lookups fill: nothing about those lookups.
#include <catch2/catch.hpp>

#include "hrn/cache/store.hpp"
#include "hrn/dns/response.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/wallet_dns.hpp"
#include "support/canned_chain.hpp"
#include "support/fake_dispatcher.hpp"
#include "support/run_sync.hpp"

using namespace hrn;
using test_support::t0;

namespace {

dns::name N(const std::string& text) { return dns::name::from_text(text).value(); }

using test_support::through_example_com;

struct wallet_world {
  std::uint64_t now = t0;
  cache::store store{1 << 20};
  test_support::fake_dispatcher dispatcher;
  resolve::answer_service answers{store, dispatcher, resolve::service_options{}, [this] { return now; }};
  resolve::chain_check check = [](byte_view, const dns::name& qname, std::uint16_t qtype) -> result<dns::validated_answer> {
    return through_example_com(qname, qtype);
  };
  resolve::wallet_dns wallet{answers,
                             [this](byte_view chain, const dns::name& qname, std::uint16_t qtype) {
                               return check(chain, qname, qtype);
                             },
                             [this] { return now; }};
  wallet_world() { dispatcher.script = {test_support::found_answer(300)}; }

  resolve::wallet_answer ask(const std::string& qname, std::uint16_t qtype, const std::string& asker) {
    return test_support::run_sync(
        wallet.ask(resolve::classify_wallet_question(N(qname), qtype, dns::class_in), asker));
  }
};

}  // namespace

TEST_CASE("wallet dns: a zone's keys go only to the asker whose own lookup went through that zone") {
  wallet_world w;
  REQUIRE(w.ask("alice.user._bitcoin-payment.example.com.", dns::rr_type::txt, "client-a").rcode ==
          dns::rcode::noerror);
  // The asker that looked alice up gets the keys its wallet needs to
  // validate the answer itself.
  auto own = w.ask("example.com.", dns::rr_type::dnskey, "client-a");
  CHECK(own.rcode == dns::rcode::noerror);
  CHECK(own.records.size() == 1);
  // Anyone else would learn from an answer (where a stranger gets REFUSED)
  // that someone asked for a payment name at example.com a moment ago.
  auto other = w.ask("example.com.", dns::rr_type::dnskey, "client-b");
  CHECK(other.rcode == dns::rcode::refused);
  CHECK(other.records.empty());
}

TEST_CASE("wallet dns: the zone index does not keep chains the cache has let go") {
  wallet_world w;
  REQUIRE(w.ask("alice.user._bitcoin-payment.example.com.", dns::rr_type::txt, "a").rcode == dns::rcode::noerror);
  REQUIRE(w.store.erase("alice@example.com"));
  // The index holds the chain weakly: what the cache evicted (to stay within
  // --cache-max-bytes) is gone, not pinned by up to max_zones index entries.
  CHECK(w.ask("example.com.", dns::rr_type::dnskey, "a").rcode == dns::rcode::refused);
}

TEST_CASE("wallet dns: a negative answer the cache keeps past its records' TTL is handed on with none left") {
  wallet_world w;
  auto absent = test_support::found_answer(10);
  absent.found = false;
  absent.instructions.reset();
  w.dispatcher.script = {absent};
  w.check = [](byte_view, const dns::name& qname, std::uint16_t qtype) -> result<dns::validated_answer> {
    dns::validated_answer v;
    v.qname = v.final_name = qname;
    v.qtype = qtype;
    v.status = dns::answer_status::nxdomain;
    v.min_ttl = 10;  // the NSEC's TTL, as the zone served it
    v.proof.push_back(dns::rr{N("example.com."), dns::rr_type::nsec, dns::class_in, 10, bytes{0}});
    return v;
  };
  const std::string alice = "alice.user._bitcoin-payment.example.com.";
  auto fresh = w.ask(alice, dns::rr_type::txt, "a");
  REQUIRE(fresh.rcode == dns::rcode::nxdomain);
  CHECK(fresh.ttl == 10);
  // The cache holds negative answers for at least min_negative_ttl (60 s)
  // against floods; 30 s on, the NSEC's own 10 s are long gone, and a
  // wallet's cache must not be told it may keep it 10 s more.
  w.now += 30;
  auto later = w.ask(alice, dns::rr_type::txt, "a");
  CHECK(w.dispatcher.calls == 1);  // from the cache
  REQUIRE(later.rcode == dns::rcode::nxdomain);
  CHECK(later.ttl == 0);
  for (const auto& r : later.denial) CHECK(r.ttl == 0);
}

TEST_CASE("wallet dns: a zone's keys count their TTL down from when the chain was stored") {
  wallet_world w;
  REQUIRE(w.ask("alice.user._bitcoin-payment.example.com.", dns::rr_type::txt, "a").ttl == 300);
  w.now += 100;
  auto keys = w.ask("example.com.", dns::rr_type::dnskey, "a");
  REQUIRE(keys.rcode == dns::rcode::noerror);
  CHECK(keys.ttl == 200);
  for (const auto& r : keys.records) CHECK(r.ttl <= 200);
}
