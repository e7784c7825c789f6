// The pure NSEC/NSEC3 logic (denial.hpp) on hand-built records, no signatures.
#include <catch2/catch.hpp>

#include <algorithm>

#include "hrn/dns/denial.hpp"
#include "hrn/dns/nsec3.hpp"
#include "hrn/dns/rr.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;

namespace {

nsec_input nsec(const char* owner, const char* next, std::vector<std::uint16_t> types) {
  types.push_back(rr_type::rrsig);
  types.push_back(rr_type::nsec);
  return {N(owner), {N(next), type_bitmap::from_types(types)}};
}

// The RFC 5155 Appendix A zone "example" (opt-out flag cleared, c.example left out).
std::vector<nsec3_input> appendix_a(std::uint16_t iterations = 12, std::uint8_t alg = 1, std::uint8_t flags = 0) {
  using T = std::vector<std::uint16_t>;
  const std::vector<std::pair<const char*, T>> names = {
      {"example", {rr_type::ns, rr_type::soa, rr_type::mx, rr_type::rrsig, rr_type::dnskey, rr_type::nsec3param}},
      {"a.example", {rr_type::ns, rr_type::ds, rr_type::rrsig}},
      {"ai.example", {rr_type::a, 13, rr_type::aaaa, rr_type::rrsig}},
      {"ns1.example", {rr_type::a, rr_type::rrsig}},
      {"ns2.example", {rr_type::a, rr_type::rrsig}},
      {"w.example", {}},  // empty non-terminal
      {"*.w.example", {rr_type::mx, rr_type::rrsig}},
      {"x.w.example", {rr_type::mx, rr_type::rrsig}},
      {"y.w.example", {}},  // empty non-terminal
      {"x.y.w.example", {rr_type::mx, rr_type::rrsig}},
      {"xx.example", {rr_type::a, 13, rr_type::aaaa, rr_type::rrsig}},
  };
  hrn::bytes salt = {0xaa, 0xbb, 0xcc, 0xdd};
  std::vector<std::pair<hrn::bytes, T>> hashed;
  for (const auto& [n, t] : names) hashed.push_back({nsec3_hash(1, N(n), salt, 12).value(), t});
  std::sort(hashed.begin(), hashed.end());
  std::vector<nsec3_input> out;
  for (std::size_t i = 0; i < hashed.size(); ++i) {
    nsec3_rdata rd{alg, flags, iterations, salt, hashed[(i + 1) % hashed.size()].first,
                   type_bitmap::from_types(hashed[i].second)};
    out.push_back({N("example").prepend(base32hex_encode(hashed[i].first)).value(), rd});
  }
  return out;
}

hrn::result<denial_proof> n3(const char* qname, std::uint16_t qtype, const std::vector<nsec3_input>& recs,
                             std::uint16_t max_iterations = 2500) {
  nsec3_hasher hasher(max_iterations, 128);
  return prove_with_nsec3(N(qname), qtype, N("example"), recs, hasher);
}

}  // namespace

TEST_CASE("denial logic: NSEC") {
  // Zone example: example, a.example, *.w.example, x.w.example, z.example (NS only: delegation).
  std::vector<nsec_input> z = {
      nsec("example", "a.example", {rr_type::soa, rr_type::ns, rr_type::dnskey}),
      nsec("a.example", "*.w.example", {rr_type::txt}),
      nsec("*.w.example", "x.w.example", {rr_type::txt}),
      nsec("x.w.example", "z.example", {rr_type::a}),
      nsec("z.example", "example", {rr_type::ns}),
  };
  auto prove = [&](const char* q, std::uint16_t t) { return prove_with_nsec(N(q), t, N("example"), z); };

  auto nx = prove("b.example", rr_type::txt);
  REQUIRE(nx.ok());
  CHECK(nx->kind == denial_kind::nxdomain);
  CHECK(nx->used.size() == 2);
  CHECK(prove("a.example", rr_type::a)->kind == denial_kind::nodata);
  CHECK(prove("w.example", rr_type::a)->kind == denial_kind::nodata);  // empty non-terminal
  CHECK(prove("q.w.example", rr_type::a)->kind == denial_kind::nodata);  // wildcard NODATA
  // The type exists: no denial.
  CHECK(prove("a.example", rr_type::txt).err().code == "dnssec_bogus");
  // A name the wildcard would answer for cannot be NXDOMAIN.
  CHECK(prove("q.w.example", rr_type::txt).err().code == "dnssec_bogus");
  // Below the delegation z.example the parent's NSEC proves nothing.
  CHECK(prove("x.z.example", rr_type::a).err().code == "dnssec_bogus");
  CHECK(prove("z.example", rr_type::a).err().code == "dnssec_bogus");
  // DS at the delegation without DS: an unsigned delegation.
  CHECK(prove("z.example", rr_type::ds)->kind == denial_kind::insecure);
  // DS denial from the child's apex NSEC is not accepted.
  CHECK(prove("example", rr_type::ds).err().code == "dnssec_bogus");
  // Outside the zone.
  CHECK_FALSE(prove("example.org", rr_type::a).ok());
  // Without the NSEC that covers the wildcard, NXDOMAIN is not proven.
  auto partial = std::vector<nsec_input>{z[1]};
  CHECK_FALSE(prove_with_nsec(N("b.example"), rr_type::txt, N("example"), partial).ok());

  // Wildcard answers: q.w.example from *.w.example (RRSIG labels 2).
  CHECK(prove_wildcard_with_nsec(N("q.w.example"), 2, N("example"), z).ok());
  // x.w.example exists: a wildcard answer for it is refused.
  CHECK_FALSE(prove_wildcard_with_nsec(N("x.w.example"), 2, N("example"), z).ok());
  // A closer encloser exists (x.w.example): *.w.example cannot answer a.x.w.example.
  CHECK_FALSE(prove_wildcard_with_nsec(N("a.x.w.example"), 2, N("example"), z).ok());
}

TEST_CASE("denial logic: NSEC3, RFC 5155 Appendix B cases") {
  auto z = appendix_a();
  SECTION("B.1 name error") {
    auto p = n3("a.c.x.w.example", rr_type::a, z);
    REQUIRE(p.ok());
    CHECK(p->kind == denial_kind::nxdomain);
    CHECK(p->used.size() == 3);  // closest encloser, next closer, wildcard
  }
  SECTION("B.2 no data") { CHECK(n3("ns1.example", rr_type::mx, z)->kind == denial_kind::nodata); }
  SECTION("B.2.1 no data, empty non-terminal") { CHECK(n3("y.w.example", rr_type::a, z)->kind == denial_kind::nodata); }
  SECTION("B.4 wildcard expansion") {
    nsec3_hasher hasher(2500, 128);
    auto used = prove_wildcard_with_nsec3(N("a.z.w.example"), 2, N("example"), z, hasher);
    REQUIRE(used.ok());
    CHECK(used->used.size() == 1);
    CHECK(used->kind == denial_kind::nxdomain);
    // x.w.example exists: no wildcard answer for it.
    CHECK_FALSE(prove_wildcard_with_nsec3(N("x.w.example"), 2, N("example"), z, hasher).ok());
  }
  SECTION("B.5 wildcard no data") { CHECK(n3("a.z.w.example", rr_type::aaaa, z)->kind == denial_kind::nodata); }
  SECTION("B.3 DS at a signed delegation is not deniable") {
    CHECK(n3("a.example", rr_type::ds, z).err().code == "dnssec_bogus");
  }
  SECTION("delegation points") {
    CHECK(n3("a.example", rr_type::a, z).err().code == "dnssec_bogus");       // parent side
    CHECK(n3("x.a.example", rr_type::a, z).err().code == "dnssec_bogus");     // below the cut
  }
  SECTION("existing data cannot be denied") {
    CHECK(n3("x.w.example", rr_type::mx, z).err().code == "dnssec_bogus");
    CHECK(n3("q.w.example", rr_type::mx, z).err().code == "dnssec_bogus");    // the wildcard answers it
  }
  SECTION("an incomplete set of records proves nothing") {
    std::vector<nsec3_input> one{z[0]};
    CHECK(n3("a.c.x.w.example", rr_type::a, one).err().code == "dnssec_bogus");
  }
}

TEST_CASE("denial logic: NSEC3 parameters we refuse") {
  CHECK(n3("a.c.x.w.example", rr_type::a, appendix_a(12), 11).err().code == "dnssec_insecure");
  // 2,501 iterations: refused under the default limit of 2,500 (hashes are not even computed).
  CHECK(n3("a.c.x.w.example", rr_type::a, appendix_a(2501)).err().code == "dnssec_insecure");
  CHECK(n3("a.c.x.w.example", rr_type::a, appendix_a(12, 2)).err().code == "dnssec_insecure");
  // Unknown flags: the records are ignored, so nothing is proven.
  CHECK_FALSE(n3("a.c.x.w.example", rr_type::a, appendix_a(12, 1, 0x02)).ok());
  // Opt-out: a name error cannot exclude an unsigned delegation.
  CHECK(n3("a.c.x.w.example", rr_type::a, appendix_a(12, 1, 1))->kind == denial_kind::insecure);
  CHECK(n3("c.example", rr_type::ds, appendix_a(12, 1, 1))->kind == denial_kind::insecure);
  // Hash budget.
  nsec3_hasher three_hashes(2500, 3);
  CHECK(prove_with_nsec3(N("a.b.c.d.e.f.example"), rr_type::a, N("example"), appendix_a(), three_hashes)
            .err().code == "dnssec_bogus");
}
