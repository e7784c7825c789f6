#pragma once
// Helpers shared by the bolt12 tests: build TLV streams and offer strings by
// hand, so each test states the bytes it is about.

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "hrn/bolt12/bech32.hpp"
#include "hrn/bolt12/tlv.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::bolt12::test {

// Valid compressed points: two from the official vectors, 0x02 repeated
// (the vectors' path_key) and the generator G.
inline constexpr std::string_view key_a = "02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619";
inline constexpr std::string_view key_b = "0324653eac434488002cc06bbfb7f10fe18991e35f9fe4302dbea6d2353dc0ab1c";
inline constexpr std::string_view key_02 = "020202020202020202020202020202020202020202020202020202020202020202";
inline constexpr std::string_view key_g = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
// Not points: x = 0x0303…03 has no y on secp256k1 (used by the vectors).
inline constexpr std::string_view not_a_point = "030303030303030303030303030303030303030303030303030303030303030303";

inline bytes hx(std::string_view hex) {
  auto b = from_hex_lenient(hex);
  REQUIRE(b.has_value());
  return *b;
}

inline tlv_record rec(std::uint64_t type, std::string_view hex) { return tlv_record{type, hx(hex)}; }

inline tlv_record text_rec(std::uint64_t type, std::string_view text) {
  return tlv_record{type, bytes(text.begin(), text.end())};
}

inline std::string lno(const std::vector<tlv_record>& records) {
  return encode_bolt12_string("lno", encode_tlv_stream(records));
}

inline std::string lno_bytes(const bytes& stream) { return encode_bolt12_string("lno", stream); }

// One blinded path's bytes: first_node_id (hex: a point or 00/01 + 8-byte
// scid), first_path_key, then hops as (blinded_node_id, data) with enclen.
struct hop_spec {
  std::string_view node_id;
  std::string_view data;
};
inline bytes path_bytes(std::string_view first_node_id, std::string_view path_key,
                        const std::vector<hop_spec>& hops) {
  bytes out = hx(first_node_id);
  auto key = hx(path_key);
  out.insert(out.end(), key.begin(), key.end());
  out.push_back(static_cast<std::uint8_t>(hops.size()));
  for (const auto& h : hops) {
    auto id = hx(h.node_id);
    auto data = hx(h.data);
    out.insert(out.end(), id.begin(), id.end());
    out.push_back(static_cast<std::uint8_t>(data.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(data.size()));
    out.insert(out.end(), data.begin(), data.end());
  }
  return out;
}

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string vector_path(std::string_view name) {
  return std::string(HRN_TEST_DATA_DIR) + "/vectors/bolt12/" + std::string(name);
}

}  // namespace hrn::bolt12::test
