// BOLT 1 `point`: compressed SEC 1 encoding of a secp256k1 point.
#include "hrn/bolt12/point.hpp"
#include "test_helpers.hpp"

#include <algorithm>

using namespace hrn;
using namespace hrn::bolt12;
using namespace hrn::bolt12::test;

namespace {

bool valid(std::string_view hex) {
  auto b = hx(hex);
  REQUIRE(b.size() == 33);
  point p{};
  std::copy(b.begin(), b.end(), p.begin());
  return is_valid_point(p);
}

}  // namespace

TEST_CASE("point: valid compressed points") {
  CHECK(valid(key_a));
  CHECK(valid(key_b));
  CHECK(valid(key_02));
  CHECK(valid(key_g));
  CHECK(valid("03" + std::string(key_g.substr(2))));  // -G
  CHECK(valid("020000000000000000000000000000000000000000000000000000000000000001"));  // x = 1
}

TEST_CASE("point: what is not a valid compressed point") {
  CHECK_FALSE(valid(not_a_point));
  CHECK_FALSE(valid("020000000000000000000000000000000000000000000000000000000000000005"));  // no y
  CHECK_FALSE(valid("020000000000000000000000000000000000000000000000000000000000000000"));
  // x >= p (the field prime), including p + 1, which is 1 mod p (on the curve).
  CHECK_FALSE(valid("02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f"));
  CHECK_FALSE(valid("02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30"));
  CHECK_FALSE(valid("02ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"));
  // Prefixes other than 02/03.
  CHECK_FALSE(valid("04" + std::string(key_g.substr(2))));
  CHECK_FALSE(valid("00" + std::string(key_g.substr(2))));
  CHECK_FALSE(valid("06" + std::string(key_g.substr(2))));
  CHECK_FALSE(valid(std::string(66, '0')));
}
