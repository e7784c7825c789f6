#include "pool_index.hpp"

#include <algorithm>

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
      // The same RRSIG twice (responses merged into one pool repeat
      // records) is one signature: keep the copy with the lower TTL.
      auto same = std::find_if(e.sigs.begin(), e.sigs.end(), [&](const signature& s) { return s.record->rdata == r.rdata; });
      if (same == e.sigs.end()) e.sigs.push_back({&r, std::move(*sig)});
      else if (r.ttl < same->record->ttl) same->record = &r;
      continue;
    }
    auto& e = sets_[make_key(r.owner, r.type)];
    if (e.records.empty() && e.sigs.empty()) { e.owner = r.owner; e.type = r.type; }
    auto same = std::find_if(e.records.begin(), e.records.end(), [&](const rr* x) { return x->rdata == r.rdata; });
    if (same == e.records.end()) e.records.push_back(&r);
    else if (r.ttl < (*same)->ttl) *same = &r;
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
