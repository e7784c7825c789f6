#pragma once
// BOLT 12 offers (`lno1…`): decode and validate. Pure: no clock, no I/O.
// Error codes are listed in hrn/bolt12/errors.hpp.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hrn/bolt12/point.hpp"
#include "hrn/bolt12/tlv.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::bolt12 {

// TLV types of the offer stream (BOLT 12 "TLV Fields for Offers").
namespace offer_type {
inline constexpr std::uint64_t chains = 2;
inline constexpr std::uint64_t metadata = 4;
inline constexpr std::uint64_t currency = 6;
inline constexpr std::uint64_t amount = 8;
inline constexpr std::uint64_t description = 10;
inline constexpr std::uint64_t features = 12;
inline constexpr std::uint64_t absolute_expiry = 14;
inline constexpr std::uint64_t paths = 16;
inline constexpr std::uint64_t issuer = 18;
inline constexpr std::uint64_t quantity_max = 20;
inline constexpr std::uint64_t issuer_id = 22;
}  // namespace offer_type

// True for the types listed above.
bool is_known_offer_type(std::uint64_t type);
// The spec's name of a known type ("offer_amount"), "" for others.
std::string_view offer_type_name(std::uint64_t type);

using chain_hash = std::array<std::uint8_t, 32>;

// `sciddir_or_pubkey` when it is the short-channel-id form (BOLT 1).
struct sciddir {
  std::uint8_t direction = 0;  // 0: node_id_1 of the channel, 1: node_id_2
  std::uint64_t short_channel_id = 0;  // block << 40 | tx << 16 | output

  friend bool operator==(const sciddir&, const sciddir&) = default;
};

// BOLT 4 "Route Blinding": `blinded_path_hop`.
struct blinded_hop {
  point blinded_node_id{};
  bytes encrypted_recipient_data;

  friend bool operator==(const blinded_hop&, const blinded_hop&) = default;
};

// BOLT 4 "Route Blinding": `blinded_path`.
struct blinded_path {
  std::variant<point, sciddir> first_node_id;
  point first_path_key{};
  std::vector<blinded_hop> hops;  // never empty once decoded

  friend bool operator==(const blinded_path&, const blinded_path&) = default;
};

struct offer {
  // offer_chains (2); empty when absent, which means bitcoin only.
  std::vector<chain_hash> chains;
  std::optional<bytes> metadata;             // offer_metadata (4)
  std::optional<std::string> currency;       // offer_currency (6), ISO 4217
  // offer_amount (8): in `currency` minor units when a currency is set,
  // otherwise in millisatoshi.
  std::optional<std::uint64_t> amount;
  std::optional<std::string> description;    // offer_description (10)
  std::optional<bytes> features;             // offer_features (12), as sent
  std::optional<std::uint64_t> absolute_expiry;  // offer_absolute_expiry (14), unix seconds
  std::vector<blinded_path> paths;           // offer_paths (16); empty when absent
  std::optional<std::string> issuer;         // offer_issuer (18)
  // offer_quantity_max (20): 0 means "more than one, no known maximum".
  std::optional<std::uint64_t> quantity_max;
  std::optional<point> issuer_id;            // offer_issuer_id (22)

  // Every record of the stream, known or not, in stream order, exactly as
  // read: what an invoice request must mirror.
  std::vector<tlv_record> records;
};

// Decodes an `lno1…` string (upper or lower case, `+` joins allowed) and
// checks every rule BOLT 12 gives a reader of an offer that does not need a
// clock or the node's own configuration. The caller still has to:
// - compare absolute_expiry with the current time;
// - check that it accepts one of `chains` (bitcoin when empty).
// Unknown odd types are kept in `records`; unknown odd feature bits are ignored.
result<offer> decode_offer(std::string_view text);

// The same checks on the TLV bytes of an offer (the string layer already
// removed). For callers that already hold the bytes, and for the fuzzer.
result<offer> decode_offer_tlv(byte_view tlv_stream);

// Feature bits set in `features` (bit 0 is the least significant bit of the
// last byte, BOLT 9), ascending.
std::vector<std::uint32_t> feature_bits(byte_view features);

}  // namespace hrn::bolt12
