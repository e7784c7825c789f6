#include "pool_index.hpp"

namespace hrn::dns::detail {

pool_index::key pool_index::make_key(const name& owner, std::uint16_t type) {
  return {std::string(reinterpret_cast<const char*>(owner.wire().data()), owner.wire_size()), type};
}

pool_index::pool_index(std::span<const rr> pool) {
  for (const rr& r : pool) {
    if (r.cls != class_in) continue;  // DNSSEC here is for class IN only
    if (r.type == rr_type::rrsig) {
      auto sig = decode_rrsig(r.rdata);
      if (!sig) continue;  // an undecodable RRSIG can never validate anything
      auto& e = sets_[make_key(r.owner, sig->type_covered)];
      if (e.records.empty() && e.sigs.empty()) { e.owner = r.owner; e.type = sig->type_covered; }
      e.sigs.push_back({&r, std::move(*sig)});
      continue;
    }
    auto& e = sets_[make_key(r.owner, r.type)];
    if (e.records.empty() && e.sigs.empty()) { e.owner = r.owner; e.type = r.type; }
    e.records.push_back(&r);
  }
}

const rrset_entry* pool_index::find(const name& owner, std::uint16_t type) const {
  auto it = sets_.find(make_key(owner, type));
  if (it == sets_.end() || it->second.records.empty()) return nullptr;
  return &it->second;
}

std::vector<const rrset_entry*> pool_index::all_of_type(std::uint16_t type) const {
  std::vector<const rrset_entry*> out;
  for (const auto& [k, e] : sets_)
    if (k.second == type && !e.records.empty()) out.push_back(&e);
  return out;
}

}  // namespace hrn::dns::detail
