// Feeds the pool's NSEC/NSEC3 records (grouped in denial_records.cpp) to the
// pure denial logic (denial.hpp) and verifies the signatures of what each
// proof relies on before it counts.
#include <algorithm>

#include "validation_run.hpp"

namespace hrn::dns::detail {
namespace {

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
