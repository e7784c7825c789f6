// offer_paths: `...*blinded_path`, each (BOLT 4 "Route Blinding"):
//   [sciddir_or_pubkey: first_node_id] [point: first_path_key]
//   [byte: num_hops] [num_hops * blinded_path_hop: path]
// and each blinded_path_hop:
//   [point: blinded_node_id] [u16: enclen] [enclen * byte: encrypted_recipient_data]
#include <algorithm>
#include <string>

#include "fields.hpp"
#include "hrn/bolt12/errors.hpp"
#include "reader.hpp"

namespace hrn::bolt12::detail {
namespace {

constexpr std::uint64_t type = offer_type::paths;

std::string where(std::size_t path_index) { return "path " + std::to_string(path_index + 1); }

error truncated(std::size_t path_index, std::string_view part) {
  return field_error(errc::bad_field, type, where(path_index) + " is truncated in " + std::string(part));
}

// Reads a 33-byte point and checks it is on the curve.
result<point> read_point(reader& r, std::size_t path_index, std::string_view part) {
  auto raw = r.take(33);
  if (!raw) return truncated(path_index, part);
  point p{};
  std::copy(raw->begin(), raw->end(), p.begin());
  if (!is_valid_point(p)) {
    return field_error(errc::bad_point, type,
                       where(path_index) + " " + std::string(part) + " is not a valid secp256k1 point");
  }
  return p;
}

// BOLT 1 `sciddir_or_pubkey`: a first byte of 0 or 1 starts a 9-byte
// short-channel-id reference, 2 or 3 a 33-byte point.
result<std::variant<point, sciddir>> read_first_node_id(reader& r, std::size_t path_index) {
  auto rest = r.rest();
  if (rest.empty()) return truncated(path_index, "first_node_id");
  const std::uint8_t first = rest[0];
  if (first == 0 || first == 1) {
    r.skip(1);
    auto scid = r.u64();
    if (!scid) return truncated(path_index, "first_node_id");
    return std::variant<point, sciddir>(sciddir{first, *scid});
  }
  if (first == 2 || first == 3) {
    auto p = read_point(r, path_index, "first_node_id");
    if (!p) return std::move(p).err();
    return std::variant<point, sciddir>(*p);
  }
  return field_error(errc::bad_field, type,
                     where(path_index) + " first_node_id starts with byte " + std::to_string(first) +
                         " (must be 0 or 1 for a short channel id, 2 or 3 for a point)");
}

result<blinded_path> read_path(reader& r, std::size_t path_index) {
  blinded_path path;
  auto first = read_first_node_id(r, path_index);
  if (!first) return std::move(first).err();
  path.first_node_id = *first;

  auto key = read_point(r, path_index, "first_path_key");
  if (!key) return std::move(key).err();
  path.first_path_key = *key;

  auto num_hops = r.u8();
  if (!num_hops) return truncated(path_index, "num_hops");
  // BOLT 12 reader: "if num_hops is 0 in any blinded_path in offer_paths:
  // MUST NOT respond to the offer".
  if (*num_hops == 0) return field_error(errc::bad_field, type, where(path_index) + " has zero hops");

  path.hops.reserve(*num_hops);  // at most 255
  for (unsigned i = 0; i < *num_hops; ++i) {
    const std::string hop = "hop " + std::to_string(i + 1);
    blinded_hop h;
    auto id = read_point(r, path_index, hop + " blinded_node_id");
    if (!id) return std::move(id).err();
    h.blinded_node_id = *id;
    auto enclen = r.u16();
    if (!enclen) return truncated(path_index, hop + " enclen");
    auto data = r.take(*enclen);
    if (!data) return truncated(path_index, hop + " encrypted_recipient_data");
    h.encrypted_recipient_data.assign(data->begin(), data->end());
    path.hops.push_back(std::move(h));
  }
  return path;
}

}  // namespace

result<std::vector<blinded_path>> decode_blinded_paths(byte_view value) {
  // The writer "MUST include offer_paths containing one or more paths"; an
  // empty one would also read as "has paths" to the issuer_id rule below.
  if (value.empty()) return field_error(errc::bad_field, type, "present but holds no path");
  std::vector<blinded_path> paths;
  reader r(value);
  while (!r.empty()) {
    auto path = read_path(r, paths.size());
    if (!path) return std::move(path).err();
    paths.push_back(std::move(*path));
  }
  return paths;
}

}  // namespace hrn::bolt12::detail
