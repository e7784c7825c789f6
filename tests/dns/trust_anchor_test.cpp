#include <catch2/catch.hpp>

#include "hrn/dns/trust_anchor.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;

TEST_CASE("trust anchors: the vector file equals the built-in IANA anchors") {
  auto parsed = parse_trust_anchors(dns_test::read_text("vectors/dnssec/root-trust-anchors.txt"));
  REQUIRE(parsed.ok());
  CHECK(*parsed == builtin_root_anchors());
  REQUIRE(parsed->size() == 2);
  CHECK((*parsed)[0].ds.key_tag == 20326);
  CHECK((*parsed)[1].ds.key_tag == 38696);
  for (const auto& a : *parsed) {
    CHECK(a.owner.is_root());
    CHECK(a.ds.algorithm == 8);
    CHECK(a.ds.digest_type == 2);
  }
}

TEST_CASE("trust anchors: zone-file syntax variants") {
  auto a = parse_trust_anchors(
      "; comment line\n"
      "example. 3600 IN DS 12345 13 2 (\n"
      "   2EB6E9F2480126691594D649A5A613DE\n"
      "   3052E37861634641BB568746F2FFC4D4 ) ; trailing comment\n"
      "\n"
      ". IN 86400 DS 47005 13 2 2eb6e9f2480126691594d649a5a613de3052e37861634641bb568746f2ffc4d4\n"
      "test DS 1 15 4 " + std::string(96, 'a') + "\n");
  REQUIRE(a.ok());
  REQUIRE(a->size() == 3);
  CHECK((*a)[0].owner == N("example"));
  CHECK((*a)[0].ds.key_tag == 12345);
  CHECK((*a)[0].ds.digest == (*a)[1].ds.digest);
  CHECK((*a)[1] == dns_test::rfc9102_test_anchor());
  CHECK((*a)[2].ds.digest_type == 4);
  CHECK((*a)[2].ds.digest.size() == 48);
}

TEST_CASE("trust anchors: refused input") {
  for (const char* bad : {
           "",
           "; only a comment\n",
           ". IN DNSKEY 257 3 8 AwEAAa==\n",
           ". IN DS 20326 8 2 E06D44B8\n",                      // digest too short for SHA-256
           ". IN DS 20326 8 2 XYZ\n",                           // not hex
           ". IN DS 70000 8 2 " "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n",
           ". IN DS 20326 8\n",
           ". IN DS 20326 8 2 ( E06D44B80B8F1D39A95C0B0D7C65D084\n",  // unbalanced
           "a..b IN DS 1 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n",
       }) {
    INFO(bad);
    auto r = parse_trust_anchors(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == "bad_trust_anchor");
  }
}
