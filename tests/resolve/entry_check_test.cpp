// An entry from outside the process (the snapshot, the shared cache in
// Redis) is believed only as far as its chain goes: what an attacker with
// write access there can change — the recorded answer, the key, the times —
// is refused or cut back. The chain check is injected here; the real
// validator's side is tested with signed zones elsewhere.
#include <catch2/catch.hpp>

#include "hrn/dns/errors.hpp"
#include "hrn/dns/name.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/resolve/entry_check.hpp"
#include "hrn/resolve/errors.hpp"

using namespace hrn;

namespace {

constexpr std::uint64_t t0 = 1'800'000'000;
const std::string uri = "bitcoin:?lno=lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese";

// As a validator reports a good chain for the name: its TXT record, the
// chain's TTL 300, signatures valid for a week.
resolve::chain_checker good_chain(std::string txt = uri) {
  return [txt](byte_view, const dns::name& qname, std::uint16_t qtype) -> result<dns::validated_answer> {
    dns::validated_answer v;
    v.qname = qname;
    v.final_name = qname;
    v.qtype = qtype;
    v.min_ttl = 300;
    v.earliest_expiry = t0 + 7 * 86400;
    bytes rdata;
    rdata.push_back(static_cast<std::uint8_t>(txt.size()));
    rdata.insert(rdata.end(), txt.begin(), txt.end());
    v.records.push_back(dns::rr{qname, dns::rr_type::txt, dns::class_in, 300, rdata});
    v.proof = v.records;
    return v;
  };
}

resolve::chain_checker bogus_chain() {
  return [](byte_view, const dns::name&, std::uint16_t) -> result<dns::validated_answer> {
    return make_error(dns::errc::dnssec_bogus, "RRSIG does not verify");
  };
}

const bytes chain{1, 2, 3, 4};

resolve::recorded_entry entry(std::string_view key = "alice@example.com") {
  resolve::recorded_entry e;
  e.key = key;
  e.chain = chain;
  e.found = true;
  e.uri = uri;
  e.stored_at = t0;
  e.expires_at = t0 + 300;
  e.stale_until = t0 + 300 + 3600;
  return e;
}

const cache::ttl_policy policy{};

}  // namespace

TEST_CASE("entry check: a good entry keeps its times and the chain's answer") {
  auto r = resolve::check_recorded_entry(entry(), good_chain(), policy, t0 + 10, false);
  REQUIRE(r);
  CHECK(r->resolution.found);
  CHECK(r->resolution.instructions->uri == uri);
  CHECK(r->resolution.proof == chain);
  CHECK(r->stored_at == t0);
  CHECK(r->expires_at == t0 + 300);
  CHECK(r->stale_until == t0 + 300 + 3600);
}

TEST_CASE("entry check: a changed answer is refused, not repaired") {
  auto e = entry();
  const std::string forged = "bitcoin:?lno=lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksesf";
  e.uri = forged;
  auto r = resolve::check_recorded_entry(e, good_chain(), policy, t0 + 10, false);
  REQUIRE_FALSE(r);
  CHECK(r.err().code == resolve::errc::entry_invalid);
  CHECK(r.err().message.find("not the one the chain holds") != std::string::npos);
  // Claiming the name is absent when the chain says it exists, too.
  e = entry();
  e.found = false;
  e.uri = "";
  auto r2 = resolve::check_recorded_entry(e, good_chain(), policy, t0 + 10, false);
  REQUIRE_FALSE(r2);
  CHECK(r2.err().code == resolve::errc::entry_invalid);
}

TEST_CASE("entry check: a chain that fails validation is refused") {
  auto r = resolve::check_recorded_entry(entry(), bogus_chain(), policy, t0 + 10, false);
  REQUIRE_FALSE(r);
  CHECK(r.err().code == resolve::errc::entry_invalid);
  CHECK(r.err().message.find("RRSIG does not verify") != std::string::npos);
}

TEST_CASE("entry check: the chain is checked for the key's own name") {
  dns::name asked;
  resolve::chain_checker spy = [&](byte_view c, const dns::name& qname, std::uint16_t qtype) {
    asked = qname;
    return good_chain()(c, qname, qtype);
  };
  REQUIRE(resolve::check_recorded_entry(entry("bob@example.org"), spy, policy, t0 + 10, false));
  CHECK(asked.to_text() == "bob.user._bitcoin-payment.example.org.");
  // Keys the relay never writes: not normalised, or with a short code.
  for (auto key : {"Bob@Example.org", "bob@example.org#1234", "not a name"}) {
    auto r = resolve::check_recorded_entry(entry(key), good_chain(), policy, t0 + 10, false);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == resolve::errc::entry_invalid);
  }
}

TEST_CASE("entry check: recorded times are only believed to shorten") {
  SECTION("an old chain replayed with new times gets no fresh TTL") {
    auto e = entry();
    e.stored_at = t0 + 5000;  // claims to be newer than it can be
    e.expires_at = t0 + 5000 + 86400;
    e.stale_until = e.expires_at + 86400;
    auto r = resolve::check_recorded_entry(e, good_chain(), policy, t0 + 10, false);
    REQUIRE(r);
    CHECK(r->stored_at == t0 + 10);
    CHECK(r->expires_at == t0 + 10 + 300);  // the chain's TTL from now at most
  }
  SECTION("past its TTL: expired, unless stale answers are accepted") {
    auto r = resolve::check_recorded_entry(entry(), good_chain(), policy, t0 + 400, false);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == resolve::errc::entry_expired);
    auto stale = resolve::check_recorded_entry(entry(), good_chain(), policy, t0 + 400, true);
    REQUIRE(stale);
    CHECK(stale->expires_at <= t0 + 400);
    CHECK(stale->stale_until == t0 + 300 + 3600);
  }
  SECTION("past its stale window: expired either way") {
    auto r = resolve::check_recorded_entry(entry(), good_chain(), policy, t0 + 300 + 3600, true);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == resolve::errc::entry_expired);
  }
}
