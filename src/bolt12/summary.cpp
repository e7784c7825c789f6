#include "hrn/bolt12/summary.hpp"

#include <algorithm>

namespace hrn::bolt12 {
namespace {

struct named_chain {
  std::string_view name;
  std::string_view hash_hex;  // chain_hash as sent: the genesis hash, not reversed
};

// BOLT 0 gives bitcoin's chain_hash; the others are the genesis block hashes
// of those chains in the same (internal) byte order.
constexpr named_chain known_chains[] = {
    {"bitcoin", "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000"},
    {"testnet", "43497fd7f826957108f4a30fd9cec3aeba79972084e90ead01ea330900000000"},
    {"testnet4", "43f08bdab050e35b567c864b91f47f50ae725ae2de53bcfbbaf284da00000000"},
    {"signet", "f61eee3b63a380a477a063af32b2bbc97c9ff9f01f2c4225e973988108000000"},
    {"regtest", "06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f"},
    {"liquidv1", "1466275836220db2944ca059a3a10ef6fd2ea684b0688d2c379296888a206003"},
};

}  // namespace

std::string_view chain_name(const chain_hash& h) {
  const std::string hex = to_hex(h);
  for (const auto& c : known_chains)
    if (c.hash_hex == hex) return c.name;
  return {};
}

offer_summary summarize(const offer& o) {
  offer_summary s;
  s.description = o.description;
  s.issuer = o.issuer;
  if (o.issuer_id) s.issuer_id = to_hex(*o.issuer_id);
  s.amount = o.amount;
  if (o.amount) s.amount_unit = o.currency ? *o.currency : "msat";
  s.absolute_expiry = o.absolute_expiry;
  s.num_paths = o.paths.size();
  s.quantity_max = o.quantity_max;
  if (o.chains.empty()) {
    // BOLT 12: an absent offer_chains implies "bitcoin is only chain".
    s.chains.emplace_back("bitcoin");
  } else {
    for (const auto& h : o.chains) {
      auto name = chain_name(h);
      s.chains.emplace_back(name.empty() ? to_hex(h) : std::string(name));
    }
  }
  return s;
}

}  // namespace hrn::bolt12
