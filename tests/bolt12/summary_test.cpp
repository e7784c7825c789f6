// The compact summary (`offer_info`).
#include "hrn/bolt12/offer.hpp"
#include "hrn/bolt12/summary.hpp"
#include "test_helpers.hpp"

using namespace hrn;
using namespace hrn::bolt12;
using namespace hrn::bolt12::test;

TEST_CASE("summary: an offer with every summarised field") {
  auto o = decode_offer(lno({
      rec(offer_type::chains, "43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000"
                              "00000000000000000000000000000000000000000000000000000000000000aa"),
      text_rec(offer_type::currency, "USD"),
      rec(offer_type::amount, "2710"),
      text_rec(offer_type::description, "Test vectors"),
      rec(offer_type::absolute_expiry, "7a4297d8"),
      tlv_record{offer_type::paths, path_bytes(key_b, key_02, {{key_02, "00"}})},
      text_rec(offer_type::issuer, "BOLT12 industries"),
      rec(offer_type::quantity_max, ""),
      rec(offer_type::issuer_id, key_a),
  }));
  REQUIRE(o.ok());
  auto s = summarize(*o);
  CHECK(s.description == "Test vectors");
  CHECK(s.issuer == "BOLT12 industries");
  CHECK(s.issuer_id == std::string(key_a));
  CHECK(s.amount == 10000u);
  CHECK(s.amount_unit == "USD");
  CHECK(s.absolute_expiry == 0x7a4297d8u);
  CHECK(s.num_paths == 1);
  CHECK(s.quantity_max == 0u);
  CHECK(s.chains == std::vector<std::string>{"testnet", std::string(62, '0') + "aa"});
}

TEST_CASE("summary: minimal offer implies bitcoin, msat amounts") {
  auto o = decode_offer("lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese");
  REQUIRE(o.ok());
  auto s = summarize(*o);
  CHECK_FALSE(s.description.has_value());
  CHECK_FALSE(s.amount.has_value());
  CHECK(s.amount_unit.empty());
  CHECK(s.chains == std::vector<std::string>{"bitcoin"});
  CHECK(s.num_paths == 0);

  auto priced = decode_offer(lno({rec(offer_type::amount, "2710"), text_rec(offer_type::description, "x"),
                                  rec(offer_type::issuer_id, key_a)}));
  REQUIRE(priced.ok());
  CHECK(summarize(*priced).amount_unit == "msat");
}

TEST_CASE("summary: chain names") {
  auto named = [](std::string_view hex) {
    chain_hash h{};
    auto b = hx(hex);
    std::copy(b.begin(), b.end(), h.begin());
    return std::string(chain_name(h));
  };
  CHECK(named("6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000") == "bitcoin");
  CHECK(named("1466275836220db2944ca059a3a10ef6fd2ea684b0688d2c379296888a206003") == "liquidv1");
  CHECK(named("06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f") == "regtest");
  CHECK(named(std::string(64, '0')).empty());
}
