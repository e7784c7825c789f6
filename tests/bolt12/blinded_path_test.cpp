// offer_paths and the blinded_path encoding of BOLT 4 "Route Blinding".
// The official vectors for zero hops and bad points also leave out the
// record length (tests/vectors/README.md), so they never reach these rules;
// the cases here are well-formed apart from the rule under test.
#include <boost/json.hpp>

#include "hrn/bolt12/errors.hpp"
#include "hrn/bolt12/offer.hpp"
#include "test_helpers.hpp"

using namespace hrn;
using namespace hrn::bolt12;
using namespace hrn::bolt12::test;

namespace {

result<offer> with_paths(const bytes& paths, bool issuer = false) {
  std::vector<tlv_record> records = {text_rec(offer_type::description, "Test vectors"),
                                     tlv_record{offer_type::paths, paths}};
  if (issuer) records.push_back(rec(offer_type::issuer_id, key_a));
  return decode_offer(lno(records));
}

std::string code(const result<offer>& r) { return r ? std::string("ok") : r.err().code; }

bytes concat(bytes a, const bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("paths: a well-formed path decodes hop by hop") {
  auto o = with_paths(path_bytes(key_b, key_02, {{key_02, "00000000"}, {key_g, ""}}));
  REQUIRE(o.ok());
  CHECK_FALSE(o->issuer_id.has_value());  // paths alone are enough
  REQUIRE(o->paths.size() == 1);
  const auto& p = o->paths[0];
  REQUIRE(std::holds_alternative<point>(p.first_node_id));
  CHECK(to_hex(std::get<point>(p.first_node_id)) == key_b);
  CHECK(to_hex(p.first_path_key) == key_02);
  REQUIRE(p.hops.size() == 2);
  CHECK(to_hex(p.hops[0].blinded_node_id) == key_02);
  CHECK(to_hex(p.hops[0].encrypted_recipient_data) == "00000000");
  CHECK(to_hex(p.hops[1].blinded_node_id) == key_g);
  CHECK(p.hops[1].encrypted_recipient_data.empty());
}

TEST_CASE("paths: first_node_id as a short channel id with direction") {
  auto o = with_paths(concat(path_bytes("000000010000020003", key_02, {{key_02, "11"}}),
                             path_bytes("01ffffffffffffffff", key_02, {{key_02, "22"}})));
  REQUIRE(o.ok());
  REQUIRE(o->paths.size() == 2);
  REQUIRE(std::holds_alternative<sciddir>(o->paths[0].first_node_id));
  CHECK(std::get<sciddir>(o->paths[0].first_node_id) == sciddir{0, 0x0000010000020003ull});
  CHECK(std::get<sciddir>(o->paths[1].first_node_id) == sciddir{1, 0xffffffffffffffffull});
  // Any other first byte is neither form.
  CHECK(code(with_paths(path_bytes("040000000000000000", key_02, {{key_02, "11"}}))) == errc::bad_field);
}

TEST_CASE("paths: num_hops of zero is refused") {
  CHECK(code(with_paths(path_bytes(key_b, key_02, {}))) == errc::bad_field);
  CHECK(code(with_paths(path_bytes(key_b, key_02, {}), true)) == errc::bad_field);
  // Also as the second path, after a good one.
  auto two = concat(path_bytes(key_b, key_02, {{key_02, "00"}}), path_bytes("000000010000020003", key_02, {}));
  auto r = with_paths(two, true);
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::bad_field);
  CHECK(r.err().message.find("path 2") != std::string::npos);
  CHECK(r.err().message.find("type 16") != std::string::npos);
}

TEST_CASE("paths: every point in a path must be on the curve") {
  auto r = with_paths(path_bytes(not_a_point, key_02, {{key_02, "00"}}));
  CHECK(code(r) == errc::bad_point);
  CHECK(r.err().message.find("first_node_id") != std::string::npos);
  r = with_paths(path_bytes(key_b, not_a_point, {{key_02, "00"}}));
  CHECK(code(r) == errc::bad_point);
  CHECK(r.err().message.find("first_path_key") != std::string::npos);
  r = with_paths(path_bytes(key_b, key_02, {{key_02, "00"}, {not_a_point, "00"}}));
  CHECK(code(r) == errc::bad_point);
  CHECK(r.err().message.find("hop 2 blinded_node_id") != std::string::npos);
  // path_key and blinded_node_id are points, never the sciddir form.
  const std::string scid_like = "00" + std::string(64, '1');
  CHECK(code(with_paths(path_bytes(key_b, scid_like, {{key_02, "00"}}))) == errc::bad_point);
  CHECK(code(with_paths(path_bytes(key_b, key_02, {{scid_like, "00"}}))) == errc::bad_point);
}

TEST_CASE("paths: truncation anywhere in a path, and empty offer_paths") {
  const bytes good = path_bytes(key_b, key_02, {{key_02, "0102030405"}});
  REQUIRE(with_paths(good).ok());
  // Every proper prefix of a path is truncated somewhere.
  for (std::size_t n = 1; n < good.size(); ++n) {
    INFO("first " << n << " bytes");
    CHECK(code(with_paths(bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)), true)) ==
          errc::bad_field);
  }
  CHECK(code(with_paths(bytes{}, true)) == errc::bad_field);
  // enclen larger than what is left.
  bytes over = good;
  over[33 + 33 + 1 + 33 + 1] = 6;
  CHECK(code(with_paths(over)) == errc::bad_field);
}

TEST_CASE("paths: the README's malformed path vectors, repaired, fail for their stated reason") {
  // Those vectors write `10` (offer_paths) and the path with no length byte in
  // between. Inserting the length gives the offer they describe.
  boost::json::error_code ec;
  auto all = boost::json::parse(read_text_file(vector_path("offers-test.json")), ec);
  REQUIRE_FALSE(ec);
  const std::pair<std::string_view, std::string_view> expected[] = {
      {"Malformed: zero num_hops in blinded_path", errc::bad_field},
      {"Malformed: truncated onionmsg_hop in blinded_path", errc::bad_field},
      {"Malformed: bad first_node_id in blinded_path", errc::bad_point},
      {"Malformed: bad path_key in blinded_path", errc::bad_point},
      {"Malformed: bad blinded_node_id in onionmsg_hop", errc::bad_point},
  };
  std::size_t repaired = 0;
  for (const auto& v : all.as_array()) {
    const std::string desc(v.at("description").as_string());
    for (const auto& [name, want] : expected) {
      if (desc != name) continue;
      auto s = decode_bolt12_string(std::string(v.at("bolt12").as_string()));
      REQUIRE(s.ok());
      bytes b = s->data;
      // description record (7 bytes), then 0x10, the path, then issuer_id (35 bytes).
      REQUIRE(b.size() > 8 + 35);
      REQUIRE(b[7] == offer_type::paths);
      const auto path_len = b.size() - 8 - 35;
      REQUIRE(path_len < 0xfd);
      b.insert(b.begin() + 8, static_cast<std::uint8_t>(path_len));
      auto r = decode_offer(lno_bytes(b));
      INFO(desc << ": " << (r ? "decoded" : r.err().code + ": " + r.err().message));
      CHECK(code(r) == want);
      ++repaired;
    }
  }
  CHECK(repaired == 5);
}
