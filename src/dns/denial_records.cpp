// The pool's NSEC and NSEC3 records grouped by the zone that may speak for
// them, once per validation (private to dns/). NSEC3 candidates are limited
// to parameter sets that a verified record of the zone carries, so nothing
// is hashed with parameters the zone did not sign (CVE-2023-50868).
#include <algorithm>
#include <map>

#include "validation_run.hpp"

namespace hrn::dns::detail {
namespace {

bool signed_by(const rrset_entry& e, const name& zone) {
  return std::any_of(e.sigs.begin(), e.sigs.end(), [&](const signature& s) { return s.rdata.signer == zone; });
}

// The zone an NSEC3 RRset speaks for: its owner is <hash>.<zone> (RFC 5155 §3).
std::optional<name> nsec3_zone_of(validation_run& run, const rrset_entry& e) {
  if (e.records.size() != 1 || e.owner.is_root()) return std::nullopt;
  name z = e.owner.parent();
  if (!signed_by(e, z) || !(run.containing_zone(e.owner, rr_type::nsec3) == z)) return std::nullopt;
  return z;
}

}  // namespace

const std::vector<name>& validation_run::nsec3_zone_names() {
  if (nsec3_zone_names_) return *nsec3_zone_names_;
  nsec3_zone_names_.emplace();
  for (const rrset_entry* e : idx_.all_of_type(rr_type::nsec3)) {
    auto z = nsec3_zone_of(*this, *e);
    if (z && std::find(nsec3_zone_names_->begin(), nsec3_zone_names_->end(), *z) == nsec3_zone_names_->end())
      nsec3_zone_names_->push_back(*z);
  }
  return *nsec3_zone_names_;
}

const signature* validation_run::nsec3_signature(const rrset_entry& set, const zone_keys& keys) {
  if (auto it = nsec3_checked_.find(&set); it != nsec3_checked_.end()) return it->second;
  auto sig = verify_with(set, keys);
  const signature* out = sig ? *sig : nullptr;
  nsec3_checked_.emplace(&set, out);
  return out;
}

validation_run::nsec3_zone& validation_run::nsec3_records_of(const name& z) {
  if (auto it = nsec3_zones_.find(z); it != nsec3_zones_.end()) return it->second;
  nsec3_zone& zr = nsec3_zones_.emplace(z, nsec3_zone{z, {}, {}, {}}).first->second;
  auto keys = zone(z);
  if (!keys) {
    zr.failure = keys.err();
    return zr;
  }
  // Group by the parameters a hash depends on.
  std::map<std::string, std::vector<std::pair<const rrset_entry*, nsec3_rdata>>> by_parameters;
  for (const rrset_entry* e : idx_.all_of_type(rr_type::nsec3)) {
    auto ez = nsec3_zone_of(*this, *e);
    if (!ez || !(*ez == z)) continue;
    auto rd = decode_nsec3(e->records[0]->rdata);
    if (!rd) continue;
    std::string key{static_cast<char>(rd->hash_algorithm), static_cast<char>(rd->iterations >> 8),
                    static_cast<char>(rd->iterations)};
    key.append(reinterpret_cast<const char*>(rd->salt.data()), rd->salt.size());
    by_parameters[key].emplace_back(e, std::move(*rd));
  }
  // A record none of whose RRSIGs could verify with this zone's keys (signer,
  // key tag, algorithm, labels) is never a candidate: failing it costs no
  // signature check, so it must not cost anything else either.
  auto may_verify = [&](const rrset_entry& e) {
    return std::any_of(e.sigs.begin(), e.sigs.end(), [&](const signature& sig) {
      if (!(sig.rdata.signer == z) || sig.rdata.labels != e.owner.rrsig_label_count()) return false;
      return std::any_of((*keys)->keys.begin(), (*keys)->keys.end(), [&](const zone_keys::key& k) {
        return k.tag == sig.rdata.key_tag && k.algorithm == sig.rdata.algorithm;
      });
    });
  };
  for (auto& [key, members] : by_parameters) {
    std::erase_if(members, [&](const auto& m) { return !may_verify(*m.first); });
    if (members.empty()) {
      if (!zr.failure) zr.failure = bogus("NSEC3 records of zone " + z.to_text() + " carry no RRSIG of its keys");
      continue;
    }
    // RFC 9276 §3.2: a validator that returns insecure for too many
    // iterations "MUST still validate the signature over the NSEC3 record";
    // this check is also what stands between a forged salt and our CPU.
    bool authentic = false;
    for (const auto& [e, rd] : members) {
      if (budget_spent()) break;
      if (nsec3_signature(*e, **keys)) {
        authentic = true;
        break;
      }
    }
    if (!authentic) {
      if (!zr.failure)
        zr.failure = bogus("NSEC3 " + members.front().first->owner.to_text() + ": no record with its parameters verifies");
      continue;
    }
    for (auto& [e, rd] : members) {
      auto known = nsec3_checked_.find(e);
      if (known != nsec3_checked_.end() && known->second == nullptr) continue;  // verified bad
      zr.records.push_back({e->owner, std::move(rd)});
      zr.sets.push_back(e);
    }
  }
  return zr;
}


const std::vector<validation_run::nsec_zone>& validation_run::nsec_zones() {
  if (nsec_zones_) return *nsec_zones_;
  nsec_zones_.emplace();
  auto& zones = *nsec_zones_;
  auto slot = [&](const name& z) -> nsec_zone& {
    for (auto& zr : zones)
      if (zr.zone == z) return zr;
    zones.push_back({z, {}, {}});
    return zones.back();
  };
  constexpr std::size_t max_sigs_per_zone = 8;  // as verify_with tries at most
  for (const rrset_entry* e : idx_.all_of_type(rr_type::nsec)) {
    // At a zone cut the parent's NSEC (NS, no SOA) and the child's apex NSEC
    // (SOA) share an owner name, so one pool RRset may hold both. Pair each
    // record with the zone that holds its owner, or with the parent's zone
    // for the parent side of a cut: the apex NSEC of zone z is the one with
    // SOA, any other NSEC of z has none. The signature check decides.
    const name own_zone = containing_zone(e->owner, rr_type::nsec);
    const name parent_zone = containing_zone(e->owner, rr_type::ds);
    for (int side = 0; side < 2; ++side) {
      const name& z = side == 0 ? own_zone : parent_zone;
      if (side == 1 && z == own_zone) break;
      if (!e->owner.is_subdomain_of(z)) continue;
      std::vector<signature> sigs;
      for (const auto& s : e->sigs)
        if (s.rdata.signer == z && sigs.size() < max_sigs_per_zone) sigs.push_back(s);
      if (sigs.empty()) continue;
      for (const rr* r : e->records) {
        auto rd = decode_nsec(r->rdata);
        if (!rd || (e->owner == z) != rd->types.has(rr_type::soa)) continue;
        nsec_singles_.push_back(rrset_entry{e->owner, rr_type::nsec, {r}, sigs});
        auto& zr = slot(z);
        zr.records.push_back({e->owner, std::move(*rd)});
        zr.sets.push_back(&nsec_singles_.back());
      }
    }
  }
  return zones;
}


}  // namespace hrn::dns::detail
