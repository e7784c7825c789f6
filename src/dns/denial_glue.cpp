// Feeds the pool's NSEC/NSEC3 records to the pure denial logic (denial.hpp)
// and verifies the signatures of what the proof relies on. NSEC3 RRsets are
// verified before their parameters are used for any hashing: hashing is the
// expensive part, and only the zone's own records may make us do it.
#include <algorithm>
#include <deque>

#include "validation_run.hpp"

namespace hrn::dns::detail {
namespace {

bool signed_by(const rrset_entry& e, const name& zone) {
  return std::any_of(e.sigs.begin(), e.sigs.end(), [&](const signature& s) { return s.rdata.signer == zone; });
}

// Per zone, the denial records that could speak for names in it.
struct zone_records {
  name zone;
  const validation_run::nsec_zone* nsec = nullptr;    // unverified candidates
  validation_run::nsec3_zone* nsec3 = nullptr;  // candidates with authentic parameters
};

// Keeps the more useful of two failures: "insecure" explains more than "bogus".
void remember(std::optional<error>& best, error e) {
  if (!best || (!is_insecure(*best) && is_insecure(e))) best = std::move(e);
}

}  // namespace

namespace {

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

template <class Prove>
result<denial_proof> validation_run::nsec3_proof(nsec3_zone& zr, Prove prove) {
  auto keys = zone(zr.zone);
  if (!keys) return keys.err();
  // Genuine records verify in the first round; a few more let a proof get
  // past records that merely look signed. Each round re-runs the proof.
  constexpr int max_rounds = 4;
  for (int round = 0;; ++round) {
    if (round == max_rounds) return bogus("NSEC3 records of zone " + zr.zone.to_text() + " keep failing their signatures");
    if (zr.records.empty()) {
      if (zr.failure) return *zr.failure;
      return bogus("no NSEC3 record of zone " + zr.zone.to_text() + " verifies");
    }
    auto p = prove(std::span<const nsec3_input>(zr.records));
    if (!p) return p;
    std::vector<std::size_t> bad;
    for (std::size_t i : p->used)
      if (!nsec3_signature(*zr.sets[i], **keys)) bad.push_back(i);
    if (bad.empty()) {
      for (std::size_t i : p->used) accept(*zr.sets[i], *nsec3_signature(*zr.sets[i], **keys), **keys);
      return p;
    }
    if (!zr.failure) zr.failure = bogus("NSEC3 " + zr.sets[bad.front()]->owner.to_text() + ": signature does not verify");
    std::sort(bad.begin(), bad.end());
    bad.erase(std::unique(bad.begin(), bad.end()), bad.end());
    for (auto it = bad.rbegin(); it != bad.rend(); ++it) {
      zr.records.erase(zr.records.begin() + static_cast<std::ptrdiff_t>(*it));
      zr.sets.erase(zr.sets.begin() + static_cast<std::ptrdiff_t>(*it));
    }
    if (budget_spent()) return bogus("the work budget ran out while checking NSEC3 signatures");
  }
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

namespace {

// Only the zone that holds qname (for DS: its parent's zone) may deny it:
// an ancestor's records say nothing about names below a cut (RFC 6840 §4.1),
// and their NSEC3 parameters must not make a signed zone's name "insecure".
std::vector<zone_records> gather(validation_run& run, const name& qname, const name& speaker) {
  std::vector<zone_records> zones;
  auto slot = [&](const name& z) -> zone_records& {
    for (auto& zr : zones)
      if (zr.zone == z) return zr;
    zones.push_back({z, nullptr, nullptr});
    return zones.back();
  };
  for (const auto& nz : run.nsec_zones())
    if (nz.zone == speaker && qname.is_subdomain_of(nz.zone)) slot(nz.zone).nsec = &nz;
  for (const name& z : run.nsec3_zone_names())
    if (z == speaker && qname.is_subdomain_of(z)) slot(z).nsec3 = &run.nsec3_records_of(z);
  // The closest enclosing zone first: it is the one that speaks for qname.
  std::sort(zones.begin(), zones.end(), [](const zone_records& a, const zone_records& b) {
    return a.zone.label_count() > b.zone.label_count();
  });
  return zones;
}

}  // namespace

result<denial_proof> validation_run::deny(const name& qname, std::uint16_t qtype) {
  const std::string what = qname.to_text() + " " + type_to_text(qtype);
  auto zones = gather(*this, qname, containing_zone(qname, qtype == rr_type::ds ? rr_type::ds : rr_type::nsec));
  if (zones.empty()) return bogus(what + ": no answer and no NSEC/NSEC3 proof of non-existence");
  std::optional<error> best;
  for (const auto& zr : zones) {
    if (zr.nsec && !zr.nsec->records.empty()) {
      auto p = prove_with_nsec(qname, qtype, zr.zone, zr.nsec->records);
      if (!p) {
        remember(best, p.err());
      } else if (auto keys = zone(zr.zone); !keys) {
        remember(best, keys.err());
      } else {
        std::optional<error> failed;
        for (std::size_t i : p->used) {
          auto sig = verify_with(*zr.nsec->sets[i], **keys);
          if (!sig) { failed = sig.err(); break; }
          accept(*zr.nsec->sets[i], **sig, **keys);
        }
        if (!failed) return p;
        remember(best, std::move(*failed));
      }
    }
    if (zr.nsec3) {
      auto p = nsec3_proof(*zr.nsec3, [&](std::span<const nsec3_input> records) {
        return prove_with_nsec3(qname, qtype, zr.zone, records, hasher_);
      });
      if (p) return p;
      remember(best, p.err());
    }
  }
  if (!best) return bogus(what + ": no NSEC/NSEC3 record usable for a proof of non-existence");
  return error{best->code, what + ": " + best->message};
}

status validation_run::prove_wildcard(const name& owner, std::uint8_t rrsig_labels, const name& zone_name) {
  auto zones = gather(*this, owner, zone_name);
  auto it = std::find_if(zones.begin(), zones.end(), [&](const zone_records& z) { return z.zone == zone_name; });
  if (it == zones.end())
    return bogus(owner.to_text() + ": wildcard answer without NSEC/NSEC3 from zone " + zone_name.to_text());
  auto keys = zone(zone_name);
  if (!keys) return keys.err();
  // An opt-out span proves nothing about the next closer name; the records
  // are still verified first, then the answer is insecure (RFC 9276 §3.2).
  auto settle = [&](const denial_proof& p) -> status {
    if (p.kind == denial_kind::insecure)
      return insecure(owner.to_text() + ": wildcard answer, but only an NSEC3 opt-out span covers the next "
                                        "closer name; an unsigned delegation may sit there (RFC 5155 §6)");
    return ok_status();
  };
  std::optional<error> best;
  if (it->nsec && !it->nsec->records.empty()) {
    auto p = prove_wildcard_with_nsec(owner, rrsig_labels, zone_name, it->nsec->records);
    if (p) {
      for (std::size_t i : p->used) {
        auto sig = verify_with(*it->nsec->sets[i], **keys);
        if (!sig) return sig.err();
        accept(*it->nsec->sets[i], **sig, **keys);
      }
      return settle(*p);
    }
    remember(best, p.err());
  }
  if (it->nsec3) {
    auto p = nsec3_proof(*it->nsec3, [&](std::span<const nsec3_input> records) {
      return prove_wildcard_with_nsec3(owner, rrsig_labels, zone_name, records, hasher_);
    });
    if (p) return settle(*p);
    remember(best, p.err());
  }
  if (!best) return bogus(owner.to_text() + ": wildcard answer without a proof of no closer match");
  return *best;
}

bool validation_run::proven_insecure(const name& n, std::string& where) {
  // Walk the ancestors of n (n included) looking for a delegation whose
  // parent proves it has no DS (RFC 4035 §5.2, RFC 5155 §8.6). Every step
  // draws on the same work budget as the rest of the validation, and the
  // walk stops once any of it is spent.
  for (name d = n; !d.is_root() && !budget_spent(); d = d.parent()) {
    if (idx_.find(d, rr_type::ds)) {
      // A validated DS RRset with only unsupported algorithms also makes the
      // zone unsigned for us (RFC 4035 §5.2); zone() reports exactly that.
      auto z = zone(d);
      if (!z && is_insecure(z.err())) {
        where = d.to_text();
        return true;
      }
      continue;
    }
    auto p = deny(d, rr_type::ds);
    if (p && p->kind == denial_kind::insecure) {
      where = d.to_text();
      return true;
    }
  }
  return false;
}

}  // namespace hrn::dns::detail
