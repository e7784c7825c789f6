#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "hrn/api/doh_json.hpp"

using namespace hrn;
namespace json = boost::json;

namespace {

dns::name N(const std::string& text) { return dns::name::from_text(text).value(); }

resolve::wallet_answer split_txt_answer() {
  resolve::wallet_answer a;
  a.validated = true;
  a.ttl = 120;
  dns::rr txt{N("alice.user._bitcoin-payment.example.com."), dns::rr_type::txt, dns::class_in, 120, {}};
  for (std::string s : {"bitcoin:?lno=lno1abc", "def"}) {
    txt.rdata.push_back(static_cast<std::uint8_t>(s.size()));
    txt.rdata.insert(txt.rdata.end(), s.begin(), s.end());
  }
  a.records = {txt};
  a.signatures = {dns::rr{txt.owner, dns::rr_type::rrsig, dns::class_in, 120, {0, 16, 8, 5}}};
  a.denial = {dns::rr{N("*.example.com."), dns::rr_type::nsec, dns::class_in, 120, {0}}};
  return a;
}

}  // namespace

TEST_CASE("JSON DoH: Google's shape joins the TXT strings, Cloudflare's quotes each") {
  api::json_doh_question q{"alice.user._bitcoin-payment.example.com", 16, false, false};
  const auto a = split_txt_answer();
  auto google = api::doh_json(q, a, api::json_doh_style::google);
  CHECK(google.at("Status") == 0);
  CHECK(google.at("TC") == false);
  CHECK(google.at("RD") == true);
  CHECK(google.at("RA") == true);
  CHECK(google.at("AD") == true);
  CHECK(google.at("CD") == false);
  CHECK(google.at("Question") ==
        json::parse(R"([{"name":"alice.user._bitcoin-payment.example.com.","type":16}])"));
  CHECK(google.at("Answer") == json::parse(R"([{"name":"alice.user._bitcoin-payment.example.com.","type":16,
      "TTL":120,"data":"bitcoin:?lno=lno1abcdef"}])"));
  CHECK_FALSE(google.contains("Authority"));
  CHECK_FALSE(google.contains("Comment"));
  auto cloudflare = api::doh_json(q, a, api::json_doh_style::cloudflare);
  CHECK(cloudflare.at("Answer").as_array()[0].at("data") == "\"bitcoin:?lno=lno1abc\" \"def\"");
}

TEST_CASE("JSON DoH: do=1 adds the RRSIGs to Answer and the denial records as Authority") {
  api::json_doh_question q{"alice.user._bitcoin-payment.example.com.", 16, true, true};
  auto o = api::doh_json(q, split_txt_answer(), api::json_doh_style::google);
  CHECK(o.at("CD") == true);
  REQUIRE(o.at("Answer").as_array().size() == 2);
  CHECK(o.at("Answer").as_array()[1].at("type") == 46);
  REQUIRE(o.at("Authority").as_array().size() == 1);
  CHECK(o.at("Authority").as_array()[0].at("type") == 47);
}

TEST_CASE("JSON DoH: a refusal says why, without AD; bytes that are not UTF-8 become U+FFFD") {
  resolve::wallet_answer refused;
  refused.rcode = 5;
  refused.failure = make_error("refused_question", "only TXT (BIP 353 names), DS and DNSKEY questions are answered");
  auto o = api::doh_json({"example.com", 1, false, false}, refused, api::json_doh_style::google);
  CHECK(o.at("Status") == 5);
  CHECK(o.at("AD") == false);
  CHECK_FALSE(o.contains("Answer"));
  CHECK(o.at("Comment").as_string().find("TXT") != json::string::npos);

  auto a = split_txt_answer();
  a.records[0].rdata = {3, 'a', 0xff, 'b'};
  auto bad = api::doh_json({"x.", 16, false, false}, a, api::json_doh_style::google);
  CHECK(bad.at("Answer").as_array()[0].at("data") == "a\xEF\xBF\xBD" "b");
  // Serialises as valid JSON.
  CHECK(json::parse(json::serialize(bad)) == bad);
}
