// Feeds the pool's NSEC/NSEC3 records to the pure denial logic (denial.hpp),
// then verifies the signatures of exactly the records the proof relied on.
#include <algorithm>
#include <deque>

#include "validation_run.hpp"

namespace hrn::dns::detail {
namespace {

error bogus(std::string why) { return make_error("dnssec_bogus", std::move(why)); }

bool signed_by(const rrset_entry& e, const name& zone) {
  return std::any_of(e.sigs.begin(), e.sigs.end(), [&](const signature& s) { return s.rdata.signer == zone; });
}

// Per zone, the denial records that could speak for names in it.
struct zone_records {
  name zone;
  std::vector<nsec_input> nsec;
  std::vector<const rrset_entry*> nsec_sets;
  std::vector<nsec3_input> nsec3;
  std::vector<const rrset_entry*> nsec3_sets;
};

// `owned` keeps the per-record NSEC RRsets built here (a deque: stable addresses).
std::vector<zone_records> gather(const pool_index& idx, const name& qname, std::deque<rrset_entry>& owned) {
  std::vector<zone_records> zones;
  auto slot = [&](const name& z) -> zone_records& {
    for (auto& zr : zones)
      if (zr.zone == z) return zr;
    zones.push_back({z, {}, {}, {}, {}});
    return zones.back();
  };
  for (const rrset_entry* e : idx.all_of_type(rr_type::nsec)) {
    // At a zone cut the parent's NSEC (NS, no SOA) and the child's apex NSEC
    // (SOA) share an owner name, so one pool RRset may hold both. Pair each
    // record with each plausible signer: the apex NSEC of zone z is the one
    // with SOA, any other NSEC of z has none. The signature check decides.
    for (const rr* r : e->records) {
      auto rd = decode_nsec(r->rdata);
      if (!rd) continue;
      std::vector<name> seen;
      for (const auto& s : e->sigs) {
        const name& z = s.rdata.signer;
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
    auto rd = decode_nsec3(e->records[0]->rdata);
    if (!rd) continue;
    auto& zr = slot(z);
    zr.nsec3.push_back({e->owner, std::move(*rd)});
    zr.nsec3_sets.push_back(e);
  }
  // The closest enclosing zone first: it is the one that speaks for qname.
  std::sort(zones.begin(), zones.end(), [](const zone_records& a, const zone_records& b) {
    return a.zone.label_count() > b.zone.label_count();
  });
  return zones;
}

// Keeps the more useful of two failures: "insecure" explains more than "bogus".
void remember(std::optional<error>& best, error e) {
  if (!best || (best->code != "dnssec_insecure" && e.code == "dnssec_insecure")) best = std::move(e);
}

}  // namespace

result<denial_proof> validation_run::deny(const name& qname, std::uint16_t qtype) {
  const std::string what = qname.to_text() + " " + type_to_text(qtype);
  std::deque<rrset_entry> owned;
  auto zones = gather(idx_, qname, owned);
  if (zones.empty()) return bogus(what + ": no answer and no NSEC/NSEC3 proof of non-existence");
  nsec3_limits limits{options_.max_nsec3_iterations, options_.max_nsec3_hashes};
  std::optional<error> best;
  for (const auto& zr : zones) {
    auto confirm = [&](const denial_proof& p, const std::vector<const rrset_entry*>& sets) -> status {
      auto keys = zone(zr.zone);
      if (!keys) return keys.err();
      for (std::size_t i : p.used) {
        auto sig = verify_with(*sets[i], **keys);
        if (!sig) return sig.err();
        accept(*sets[i], **sig, **keys);
      }
      return ok_status();
    };
    if (!zr.nsec.empty()) {
      auto p = prove_with_nsec(qname, qtype, zr.zone, zr.nsec);
      if (p) {
        auto c = confirm(*p, zr.nsec_sets);
        if (c) return p;
        remember(best, c.err());
      } else {
        remember(best, p.err());
      }
    }
    if (!zr.nsec3.empty()) {
      auto p = prove_with_nsec3(qname, qtype, zr.zone, zr.nsec3, limits);
      if (p) {
        auto c = confirm(*p, zr.nsec3_sets);
        if (c) return p;
        remember(best, c.err());
      } else {
        remember(best, p.err());
      }
    }
  }
  return error{best->code, what + ": " + best->message};
}

status validation_run::prove_wildcard(const name& owner, std::uint8_t rrsig_labels, const name& zone_name) {
  std::deque<rrset_entry> owned;
  auto zones = gather(idx_, owner, owned);
  auto it = std::find_if(zones.begin(), zones.end(), [&](const zone_records& z) { return z.zone == zone_name; });
  if (it == zones.end())
    return bogus(owner.to_text() + ": wildcard answer without NSEC/NSEC3 from zone " + zone_name.to_text());
  auto keys = zone(zone_name);
  if (!keys) return keys.err();
  auto confirm = [&](const std::vector<std::size_t>& used, const std::vector<const rrset_entry*>& sets) -> status {
    for (std::size_t i : used) {
      auto sig = verify_with(*sets[i], **keys);
      if (!sig) return sig.err();
      accept(*sets[i], **sig, **keys);
    }
    return ok_status();
  };
  std::optional<error> best;
  if (!it->nsec.empty()) {
    auto used = prove_wildcard_with_nsec(owner, rrsig_labels, zone_name, it->nsec);
    if (used) return confirm(*used, it->nsec_sets);
    remember(best, used.err());
  }
  if (!it->nsec3.empty()) {
    nsec3_limits limits{options_.max_nsec3_iterations, options_.max_nsec3_hashes};
    auto used = prove_wildcard_with_nsec3(owner, rrsig_labels, zone_name, it->nsec3, limits);
    if (used) return confirm(*used, it->nsec3_sets);
    remember(best, used.err());
  }
  if (!best) return bogus(owner.to_text() + ": wildcard answer without a proof of no closer match");
  return *best;
}

bool validation_run::proven_insecure(const name& n, std::string& where) {
  // Walk the ancestors of n (n included) looking for a delegation whose
  // parent proves it has no DS (RFC 4035 §5.2, RFC 5155 §8.6).
  for (name d = n; !d.is_root(); d = d.parent()) {
    if (idx_.find(d, rr_type::ds)) {
      // A validated DS RRset with only unsupported algorithms also makes the
      // zone unsigned for us (RFC 4035 §5.2); zone() reports exactly that.
      auto z = zone(d);
      if (!z && z.err().code == "dnssec_insecure") {
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
