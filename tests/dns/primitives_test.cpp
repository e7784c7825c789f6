// Key tags, DS digests, NSEC3 hashes, canonical forms, RRSIG time arithmetic.
#include <catch2/catch.hpp>

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/canonical.hpp"
#include "hrn/dns/dnssec_crypto.hpp"
#include "hrn/dns/nsec3.hpp"
#include "hrn/dns/rrsig.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;
using hrn::bytes;

TEST_CASE("primitives: key tags and DS digests of the real root keys") {
  auto pool = parse_auth_chain(dns_test::read_bin("vectors/dnssec/mattcorallo-txt-proof.bin")).value();
  std::vector<std::uint16_t> root_tags;
  for (const auto& r : pool) {
    if (r.type != rr_type::dnskey || !r.owner.is_root()) continue;
    root_tags.push_back(key_tag(r.rdata));
    if (decode_dnskey(r.rdata)->flags == 257) {
      CHECK(key_tag(r.rdata) == 20326);
      auto anchors = builtin_root_anchors();
      CHECK(ds_digest(2, name{}, r.rdata).value() == anchors[0].ds.digest);
      CHECK(ds_digest(1, name{}, r.rdata)->size() == 20);
      CHECK(ds_digest(4, name{}, r.rdata)->size() == 48);
      CHECK_FALSE(ds_digest(3, name{}, r.rdata).has_value());
    }
  }
  std::sort(root_tags.begin(), root_tags.end());
  CHECK(root_tags == std::vector<std::uint16_t>{20326, 30903});
}

TEST_CASE("primitives: algorithm support (RFC 8624)") {
  for (std::uint8_t a : {8, 10, 13, 14, 15}) CHECK(signature_algorithm_supported(a));
  for (std::uint8_t a : {1, 3, 5, 6, 7, 12, 16, 253}) CHECK_FALSE(signature_algorithm_supported(a));
  for (std::uint8_t d : {1, 2, 4}) CHECK(ds_digest_supported(d));
  for (std::uint8_t d : {0, 3, 5}) CHECK_FALSE(ds_digest_supported(d));
  CHECK(public_key::from_dnskey(5, bytes(132, 1)).err().code == "dnssec_unsupported");
  // RSA: exponent length 3, exponent 65537, 512-bit modulus: refused as too short.
  bytes short_rsa = {3, 1, 0, 1};
  short_rsa.insert(short_rsa.end(), 64, 0xC5);
  CHECK(public_key::from_dnskey(8, short_rsa).err().code == "dnssec_unsupported");
  bytes rsa1024 = {3, 1, 0, 1};
  rsa1024.insert(rsa1024.end(), 128, 0xC5);
  CHECK(public_key::from_dnskey(8, rsa1024).ok());
  CHECK_FALSE(public_key::from_dnskey(13, bytes(63, 1)).ok());     // wrong length
  CHECK_FALSE(public_key::from_dnskey(13, bytes(64, 0)).ok());     // not on the curve
  CHECK_FALSE(public_key::from_dnskey(15, bytes(31, 1)).ok());
}

TEST_CASE("primitives: NSEC3 hashes of RFC 5155 Appendix A (salt aabbccdd, 12 iterations)") {
  // Values as listed in RFC 5155 Appendix A; cross-checked with ldns-nsec3-hash.
  const std::pair<const char*, const char*> vectors[] = {
      {"example", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"},  {"a.example", "35mthgpgcu1qg68fab165klnsnk3dpvl"},
      {"ai.example", "gjeqe526plbf1g8mklp59enfd789njgi"}, {"ns1.example", "2t7b4g4vsa5smi47k61mv5bv1a22bojr"},
      {"ns2.example", "q04jkcevqvmu85r014c7dkba38o0ji5r"}, {"w.example", "k8udemvp1j2f7eg6jebps17vp3n8i58h"},
      {"*.w.example", "r53bq7cc2uvmubfu5ocmm6pers9tk9en"}, {"x.w.example", "b4um86eghhds6nea196smvmlo4ors995"},
      {"y.w.example", "ji6neoaepv8b5o6k4ev33abha8ht9fgc"}, {"x.y.w.example", "2vptu5timamqttgl4luu9kg21e0aor3s"},
      {"xx.example", "t644ebqk9bibcna874givr6joj62mlhv"},
  };
  bytes salt = hrn::from_hex("aabbccdd").value();
  for (auto [n, h] : vectors) {
    INFO(n);
    auto hash = nsec3_hash(1, N(n), salt, 12);
    REQUIRE(hash);
    CHECK(base32hex_encode(*hash) == h);
    CHECK(base32hex_decode(h).value() == *hash);
    // Case-insensitive names hash alike.
    std::string upper = n;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(nsec3_hash(1, N(upper), salt, 12) == hash);
  }
  CHECK_FALSE(nsec3_hash(2, N("example"), salt, 12).has_value());
}

TEST_CASE("primitives: base32hex") {
  CHECK(base32hex_encode(hrn::as_bytes("f")) == "co");
  CHECK(base32hex_encode(hrn::as_bytes("foobar")) == "cpnmuoj1e8");
  CHECK(base32hex_decode("CPNMUOJ1E8").value() == bytes{'f', 'o', 'o', 'b', 'a', 'r'});
  CHECK_FALSE(base32hex_decode("cp").has_value());      // non-zero trailing bits
  CHECK_FALSE(base32hex_decode("w0").has_value());      // not in the alphabet
  CHECK_FALSE(base32hex_decode("co======").has_value());  // no padding in owner names
  CHECK_FALSE(base32hex_decode("c").has_value());
}

TEST_CASE("primitives: canonical RDATA (RFC 4034 §6.2, RFC 6840 §5.1)") {
  bytes cname = {3, 'W', 'w', 'W', 2, 'E', 'x', 0};
  CHECK(canonical_rdata(rr_type::cname, cname).value() == bytes{3, 'w', 'w', 'w', 2, 'e', 'x', 0});
  bytes mx = {0, 10, 2, 'M', 'X', 0};
  CHECK(canonical_rdata(rr_type::mx, mx).value() == bytes{0, 10, 2, 'm', 'x', 0});
  // NSEC's next name keeps its case (RFC 6840 §5.1); TXT is never touched.
  bytes nsec = {1, 'A', 0, 0, 1, 0x40};
  CHECK(canonical_rdata(rr_type::nsec, nsec).value() == nsec);
  bytes txt = {2, 'A', 'B'};
  CHECK(canonical_rdata(rr_type::txt, txt).value() == txt);
  // The RRSIG signer name is lower-cased, the signature octets are not.
  bytes rrsig(18, 0);
  rrsig.insert(rrsig.end(), {1, 'C', 0, 'S', 'I', 'G'});
  auto c = canonical_rdata(rr_type::rrsig, rrsig).value();
  CHECK(c[19] == 'c');
  CHECK(c[22] == 'I');
  CHECK_FALSE(canonical_rdata(rr_type::cname, bytes{3, 'a'}).ok());
}

TEST_CASE("primitives: canonical RR ordering and duplicates (RFC 4034 §6.3)") {
  std::vector<bytes> set = {{2, 1}, {1}, {1, 255}, {1}, {0, 9, 9}};
  canonical_sort_unique(set);
  CHECK(set == std::vector<bytes>{{0, 9, 9}, {1}, {1, 255}, {2, 1}});
}

TEST_CASE("primitives: signed owner name and wildcard labels (RFC 4035 §5.3.2)") {
  CHECK(signed_owner_name(N("a.b.example"), 3).value() == N("a.b.example"));
  CHECK(signed_owner_name(N("a.b.example"), 2).value() == N("*.b.example"));
  CHECK(signed_owner_name(N("a.b.example"), 0).value() == N("*"));
  CHECK(signed_owner_name(N("*.example"), 1).value() == N("*.example"));
  CHECK_FALSE(signed_owner_name(N("a.example"), 3).ok());
}

TEST_CASE("primitives: RRSIG times are serial numbers (RFC 4034 §3.1.5)") {
  CHECK(rrsig_time(1709359258u, 1709100000) == 1709359258);
  // After 2106 the 32-bit field wraps; the nearest time to `now` is taken.
  std::uint64_t now = (std::uint64_t{1} << 32) + 1000;
  CHECK(rrsig_time(2000, now) == (std::uint64_t{1} << 32) + 2000);
  CHECK(rrsig_time(0xFFFFFF00u, now) == 0xFFFFFF00u);
}

TEST_CASE("primitives: type bitmaps (RFC 4034 §4.1.2)") {
  auto t = type_bitmap::from_types({rr_type::a, rr_type::mx, rr_type::rrsig, rr_type::nsec, 1234});
  for (std::uint16_t x : {rr_type::a, rr_type::mx, rr_type::rrsig, rr_type::nsec, std::uint16_t{1234}})
    CHECK(t.has(x));
  for (std::uint16_t x : {rr_type::ns, rr_type::txt, rr_type::ds, std::uint16_t{1235}, std::uint16_t{65535}})
    CHECK_FALSE(t.has(x));
  CHECK(type_bitmap::decode(t.wire()).ok());
  // RFC 4034 §4.3 example: "A MX RRSIG NSEC TYPE1234".
  bytes example = hrn::from_hex("0006400100000003041b000000000000000000000000000000000000000000000000000020").value();
  CHECK(bytes(t.wire().begin(), t.wire().end()) == example);
  CHECK_FALSE(type_bitmap::decode(bytes{0, 0}).ok());       // empty block
  CHECK_FALSE(type_bitmap::decode(bytes{0, 33}).ok());      // too long
  CHECK_FALSE(type_bitmap::decode(bytes{1, 1, 0, 0, 1, 0}).ok());  // decreasing windows
  CHECK_FALSE(type_bitmap::decode(bytes{0, 2, 0}).ok());    // truncated
}
