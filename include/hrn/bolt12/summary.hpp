#pragma once
// The compact view of an offer that answers carry as `offer_info`.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hrn/bolt12/offer.hpp"

namespace hrn::bolt12 {

struct offer_summary {
  std::optional<std::string> description;
  std::optional<std::string> issuer;
  std::optional<std::string> issuer_id;  // lower-case hex
  std::optional<std::uint64_t> amount;
  // "msat" when the amount is in millisatoshi, else the ISO 4217 code;
  // empty when there is no amount.
  std::string amount_unit;
  std::optional<std::uint64_t> absolute_expiry;  // unix seconds
  std::size_t num_paths = 0;
  // Chain names ("bitcoin", "testnet", …) or the chain hash in hex for chains
  // this module does not name; ["bitcoin"] when offer_chains is absent.
  std::vector<std::string> chains;
  std::optional<std::uint64_t> quantity_max;
};

offer_summary summarize(const offer& o);

// "bitcoin", "testnet", "testnet4", "signet", "regtest", "liquidv1", or ""
// for a chain hash this module does not know.
std::string_view chain_name(const chain_hash& h);

}  // namespace hrn::bolt12
