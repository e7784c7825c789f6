// The node-id flag: the definition (SHA-256 of node id and block hash, the
// first 12 bytes as four colours), the palette naming, bad input.
#include <catch2/catch.hpp>

#include <set>

#include "hrn/flag/flag.hpp"

using namespace hrn;

namespace {
const auto node = from_hex("02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619").value();
const auto genesis = from_hex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f").value();
}  // namespace

TEST_CASE("flag: the published vector, deterministic") {
  auto f = flag::make_flag(node, genesis, 0);
  REQUIRE(f.ok());
  CHECK(flag::to_hex(f->colours[0]) == "#da2f5b");
  CHECK(flag::to_hex(f->colours[1]) == "#303995");
  CHECK(flag::to_hex(f->colours[2]) == "#3d743f");
  CHECK(flag::to_hex(f->colours[3]) == "#3b920e");
  CHECK(f->names == std::array<std::string_view, 4>{"RED", "PURPLE", "GREEN", "GREEN"});
  auto again = flag::make_flag(node, genesis, 0);
  CHECK(again->colours == f->colours);
  // Another block, another flag; the height is carried, not hashed.
  auto other = genesis;
  other[31] ^= 1;
  CHECK(flag::make_flag(node, other, 0)->colours != f->colours);
  CHECK(flag::make_flag(node, genesis, 7)->colours == f->colours);
}

TEST_CASE("flag: every palette colour is named after itself, and names are distinct") {
  std::set<std::string_view> names;
  for (const auto& p : flag::palette()) {
    CHECK(flag::nearest_name(p.value) == p.name);
    names.insert(p.name);
  }
  CHECK(names.size() == 16);
  CHECK(flag::nearest_name({250, 10, 20}) == "RED");
  CHECK(flag::nearest_name({10, 10, 120}) == "NAVY");
  CHECK(flag::nearest_name({250, 205, 10}) == "GOLD");
}

TEST_CASE("flag: a node id must be a compressed key, a block hash 32 bytes") {
  auto uncompressed = node;
  uncompressed[0] = 0x04;
  CHECK(flag::make_flag(uncompressed, genesis, 0).err().code == flag::errc::bad_node_id);
  CHECK(flag::make_flag(bytes(32, 2), genesis, 0).err().code == flag::errc::bad_node_id);
  CHECK(flag::make_flag(node, bytes(31, 0), 0).err().code == flag::errc::bad_block_hash);
}
