#include "hrn/flag/flag.hpp"

#include <algorithm>
#include <cstdio>

#include <openssl/sha.h>

namespace hrn::flag {

const std::array<palette_colour, 16>& palette() {
  // Far apart from each other, and each with a short, common English name.
  static const std::array<palette_colour, 16> colours{{
      {"BLACK", {0, 0, 0}},       {"WHITE", {255, 255, 255}}, {"GREY", {128, 128, 128}},
      {"RED", {230, 25, 35}},     {"MAROON", {128, 0, 0}},    {"ORANGE", {245, 130, 48}},
      {"GOLD", {255, 200, 0}},    {"YELLOW", {255, 255, 80}}, {"LIME", {170, 240, 60}},
      {"GREEN", {30, 140, 50}},   {"TEAL", {0, 128, 128}},    {"CYAN", {70, 230, 240}},
      {"BLUE", {0, 90, 230}},     {"NAVY", {0, 0, 128}},      {"PURPLE", {130, 40, 170}},
      {"PINK", {250, 150, 200}},
  }};
  return colours;
}

std::string_view nearest_name(rgb c) {
  // "Redmean": a cheap weighted RGB distance that follows perceived
  // difference better than plain Euclidean distance.
  const auto distance = [](rgb a, rgb b) {
    const long rmean = (static_cast<long>(a.r) + b.r) / 2;
    const long dr = static_cast<long>(a.r) - b.r, dg = static_cast<long>(a.g) - b.g,
               db = static_cast<long>(a.b) - b.b;
    return (((512 + rmean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rmean) * db * db) >> 8);
  };
  const auto& p = palette();
  std::size_t best = 0;
  for (std::size_t i = 1; i < p.size(); ++i)
    if (distance(c, p[i].value) < distance(c, p[best].value)) best = i;
  return p[best].name;
}

std::string to_hex(rgb c) {
  char out[8];
  std::snprintf(out, sizeof out, "#%02x%02x%02x", c.r, c.g, c.b);
  return out;
}

node_flag make_flag(const std::array<std::uint8_t, 33>& node_id, const std::array<std::uint8_t, 32>& block_hash,
                    std::uint32_t height) {
  std::array<std::uint8_t, 65> input{};
  std::copy(node_id.begin(), node_id.end(), input.begin());
  std::copy(block_hash.begin(), block_hash.end(), input.begin() + 33);
  std::array<std::uint8_t, SHA256_DIGEST_LENGTH> digest{};
  SHA256(input.data(), input.size(), digest.data());
  node_flag f;
  f.height = height;
  for (std::size_t i = 0; i < 4; ++i) {
    f.colours[i] = rgb{digest[3 * i], digest[3 * i + 1], digest[3 * i + 2]};
    f.names[i] = nearest_name(f.colours[i]);
  }
  return f;
}

result<node_flag> make_flag(byte_view node_id, byte_view block_hash, std::uint32_t height) {
  if (node_id.size() != 33 || (node_id[0] != 0x02 && node_id[0] != 0x03))
    return make_error(errc::bad_node_id, "the node id must be a 33-byte compressed key (66 hex digits, 02 or 03 first)");
  if (block_hash.size() != 32)
    return make_error(errc::bad_block_hash, "the block hash must be 32 bytes (64 hex digits, as Bitcoin displays it)");
  std::array<std::uint8_t, 33> id{};
  std::array<std::uint8_t, 32> hash{};
  std::copy(node_id.begin(), node_id.end(), id.begin());
  std::copy(block_hash.begin(), block_hash.end(), hash.begin());
  return make_flag(id, hash, height);
}

}  // namespace hrn::flag
