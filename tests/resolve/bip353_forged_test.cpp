// BIP 353 rules against a validated answer whose TXT RRset holds, next to
// the payment instructions, one RR whose RDATA does not decode into
// <character-string>s (RFC 1035 §3.3.14): a length octet that runs past the
// end. DNSSEC does not care (the RDATA is signed as opaque octets), so such
// an RRset validates and reaches interpret_validated.
#include <catch2/catch.hpp>

#include <string>

#include "hrn/dns/validator.hpp"
#include "hrn/resolve/bip353_resolver.hpp"

using namespace hrn;

namespace {

const std::string offer = "lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese";

dns::rr txt_rr(bytes rdata) {
  return dns::rr{dns::name::from_text("alice.user._bitcoin-payment.example.com").value(), dns::rr_type::txt,
                 dns::class_in, 300, std::move(rdata)};
}

bytes one_string(const std::string& s) {
  bytes rd{static_cast<std::uint8_t>(s.size())};
  for (char c : s) rd.push_back(static_cast<std::uint8_t>(c));  // (GCC 12 warns spuriously on insert)
  return rd;
}

dns::validated_answer answer_with(std::vector<dns::rr> records) {
  dns::validated_answer a;
  a.status = dns::answer_status::answer;
  a.qname = a.final_name = records.front().owner;
  a.qtype = dns::rr_type::txt;
  a.records = std::move(records);
  a.min_ttl = 300;
  return a;
}

}  // namespace

// BIP 353 (Resolution): "Clients resolving Bitcoin payment instructions MUST
// ignore any TXT records at the same label which do not begin with (ignoring
// case) "bitcoin:"." An RR that does not even decode does not begin with
// "bitcoin:" either; it must not abort the lookup.
TEST_CASE("bip353 forged: an undecodable TXT RR not starting with bitcoin: is ignored") {
  // "v=spf1" behind a length octet of 32: the <character-string> runs past the end.
  bytes undecodable{32, 'v', '=', 's', 'p', 'f', '1'};
  auto good = txt_rr(one_string("bitcoin:?lno=" + offer));
  for (bool bad_first : {true, false}) {
    INFO("undecodable RR " << (bad_first ? "first" : "last"));
    auto a = bad_first ? answer_with({txt_rr(undecodable), good}) : answer_with({good, txt_rr(undecodable)});
    auto r = resolve::interpret_validated(a);
    // Today: error "malformed" ("TXT record does not decode: ... runs past the end").
    INFO((r ? std::string("ok") : r.err().code + ": " + r.err().message));
    CHECK(r.ok());
    if (!r) continue;
    CHECK(r->found);
    REQUIRE(r->instructions);
    CHECK(r->instructions->uri == "bitcoin:?lno=" + offer);
    CHECK(r->instructions->offer_text == offer);
  }
}

TEST_CASE("bip353 forged: genuine RRset with a decodable non-bitcoin TXT RR") {
  auto a = answer_with({txt_rr(one_string("v=spf1 -all")), txt_rr(one_string("bitcoin:?lno=" + offer))});
  auto r = resolve::interpret_validated(a);
  REQUIRE(r.ok());
  CHECK(r->instructions->uri == "bitcoin:?lno=" + offer);
  // An undecodable RR alone is still no bitcoin: record at all.
  auto lone = resolve::interpret_validated(answer_with({txt_rr(bytes{32, 'x'})}));
  REQUIRE_FALSE(lone.ok());
}
