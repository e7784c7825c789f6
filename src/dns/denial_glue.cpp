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
  std::vector<nsec_input> nsec;
  std::vector<const rrset_entry*> nsec_sets;
  std::vector<nsec3_input> nsec3;  // only RRsets whose signature verified
  std::vector<const rrset_entry*> nsec3_sets;
  std::optional<error> nsec3_failure;  // why NSEC3 records of this zone were left out
};

// Keeps the more useful of two failures: "insecure" explains more than "bogus".
void remember(std::optional<error>& best, error e) {
  if (!best || (!is_insecure(*best) && is_insecure(e))) best = std::move(e);
}

}  // namespace

const signature* validation_run::verified_nsec3(const rrset_entry& set, const name& z) {
  if (auto it = nsec3_verified_.find(&set); it != nsec3_verified_.end()) return it->second;
  const signature* sig = nullptr;
  if (auto keys = zone(z)) {
    if (auto s = verify_with(set, **keys)) sig = *s;
  }
  nsec3_verified_.emplace(&set, sig);
  return sig;
}

namespace {

// `owned` keeps the per-record NSEC RRsets built here (a deque: stable addresses).
std::vector<zone_records> gather(validation_run& run, const name& qname, std::deque<rrset_entry>& owned) {
  const pool_index& idx = run.index();
  std::vector<zone_records> zones;
  auto slot = [&](const name& z) -> zone_records& {
    for (auto& zr : zones)
      if (zr.zone == z) return zr;
    zones.push_back({z, {}, {}, {}, {}, {}});
    return zones.back();
  };
  for (const rrset_entry* e : idx.all_of_type(rr_type::nsec)) {
    // At a zone cut the parent's NSEC (NS, no SOA) and the child's apex NSEC
    // (SOA) share an owner name, so one pool RRset may hold both. Pair each
    // record with each plausible signer: the apex NSEC of zone z is the one
    // with SOA, any other NSEC of z has none; and z must be the zone that
    // holds the owner (the parent's, for the parent side of a cut). The
    // signature check decides.
    const name own_zone = run.containing_zone(e->owner, rr_type::nsec);
    const name parent_zone = run.containing_zone(e->owner, rr_type::ds);
    for (const rr* r : e->records) {
      auto rd = decode_nsec(r->rdata);
      if (!rd) continue;
      std::vector<name> seen;
      for (const auto& s : e->sigs) {
        const name& z = s.rdata.signer;
        if (!(z == own_zone) && !(z == parent_zone)) continue;
        if (!e->owner.is_subdomain_of(z) || !qname.is_subdomain_of(z)) continue;
        if ((e->owner == z) != rd->types.has(rr_type::soa)) continue;
        if (std::find(seen.begin(), seen.end(), z) != seen.end()) continue;
        seen.push_back(z);
        auto& zr = slot(z);
        rrset_entry single{e->owner, rr_type::nsec, {r}, {}};
        for (const auto& s2 : e->sigs)
          if (s2.rdata.signer == z) single.sigs.push_back(s2);
        owned.push_back(std::move(single));
        zr.nsec.push_back({e->owner, *rd});
        zr.nsec_sets.push_back(&owned.back());
      }
    }
  }
  for (const rrset_entry* e : idx.all_of_type(rr_type::nsec3)) {
    if (e->records.size() != 1 || e->owner.is_root()) continue;
    name z = e->owner.parent();
    if (!qname.is_subdomain_of(z) || !signed_by(*e, z)) continue;
    if (!(run.containing_zone(e->owner, rr_type::nsec3) == z)) continue;
    auto rd = decode_nsec3(e->records[0]->rdata);
    if (!rd) continue;
    auto& zr = slot(z);
    // RFC 9276 §3.2: a validator that returns insecure for too many
    // iterations "MUST still validate the signature over the NSEC3 record";
    // and no unverified record may make us hash (CVE-2023-50868).
    if (!run.verified_nsec3(*e, z)) {
      if (!zr.nsec3_failure) {
        auto keys = run.zone(z);
        zr.nsec3_failure = keys ? bogus("NSEC3 " + e->owner.to_text() + ": signature does not verify")
                                : keys.err();
      }
      continue;
    }
    zr.nsec3.push_back({e->owner, std::move(*rd)});
    zr.nsec3_sets.push_back(e);
  }
  // The closest enclosing zone first: it is the one that speaks for qname.
  std::sort(zones.begin(), zones.end(), [](const zone_records& a, const zone_records& b) {
    return a.zone.label_count() > b.zone.label_count();
  });
  return zones;
}

}  // namespace

result<denial_proof> validation_run::deny(const name& qname, std::uint16_t qtype) {
  const std::string what = qname.to_text() + " " + type_to_text(qtype);
  std::deque<rrset_entry> owned;
  auto zones = gather(*this, qname, owned);
  if (zones.empty()) return bogus(what + ": no answer and no NSEC/NSEC3 proof of non-existence");
  std::optional<error> best;
  for (const auto& zr : zones) {
    if (!zr.nsec.empty()) {
      auto p = prove_with_nsec(qname, qtype, zr.zone, zr.nsec);
      if (!p) {
        remember(best, p.err());
      } else if (auto keys = zone(zr.zone); !keys) {
        remember(best, keys.err());
      } else {
        std::optional<error> failed;
        for (std::size_t i : p->used) {
          auto sig = verify_with(*zr.nsec_sets[i], **keys);
          if (!sig) { failed = sig.err(); break; }
          accept(*zr.nsec_sets[i], **sig, **keys);
        }
        if (!failed) return p;
        remember(best, std::move(*failed));
      }
    }
    if (!zr.nsec3.empty()) {
      auto p = prove_with_nsec3(qname, qtype, zr.zone, zr.nsec3, hasher_);
      if (p) {
        auto keys = zone(zr.zone);  // established: the records verified with it
        for (std::size_t i : p->used) accept(*zr.nsec3_sets[i], *nsec3_verified_.at(zr.nsec3_sets[i]), **keys);
        return p;
      }
      remember(best, p.err());
    } else if (zr.nsec3_failure) {
      remember(best, *zr.nsec3_failure);
    }
  }
  if (!best) return bogus(what + ": no NSEC/NSEC3 record usable for a proof of non-existence");
  return error{best->code, what + ": " + best->message};
}

status validation_run::prove_wildcard(const name& owner, std::uint8_t rrsig_labels, const name& zone_name) {
  std::deque<rrset_entry> owned;
  auto zones = gather(*this, owner, owned);
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
  if (!it->nsec.empty()) {
    auto p = prove_wildcard_with_nsec(owner, rrsig_labels, zone_name, it->nsec);
    if (p) {
      for (std::size_t i : p->used) {
        auto sig = verify_with(*it->nsec_sets[i], **keys);
        if (!sig) return sig.err();
        accept(*it->nsec_sets[i], **sig, **keys);
      }
      return settle(*p);
    }
    remember(best, p.err());
  }
  if (!it->nsec3.empty()) {
    auto p = prove_wildcard_with_nsec3(owner, rrsig_labels, zone_name, it->nsec3, hasher_);
    if (p) {
      for (std::size_t i : p->used) accept(*it->nsec3_sets[i], *nsec3_verified_.at(it->nsec3_sets[i]), **keys);
      return settle(*p);
    }
    remember(best, p.err());
  } else if (it->nsec3_failure) {
    remember(best, *it->nsec3_failure);
  }
  if (!best) return bogus(owner.to_text() + ": wildcard answer without a proof of no closer match");
  return *best;
}

bool validation_run::proven_insecure(const name& n, std::string& where) {
  // Walk the ancestors of n (n included) looking for a delegation whose
  // parent proves it has no DS (RFC 4035 §5.2, RFC 5155 §8.6). Every step
  // draws on the same work budget as the rest of the validation.
  for (name d = n; !d.is_root(); d = d.parent()) {
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
