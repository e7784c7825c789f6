// NSEC denial of existence (RFC 4035 §5.4, §5.3.4; RFC 6840 §4.1, §4.3).
#include "hrn/dns/denial.hpp"

#include "hrn/dns/errors.hpp"
#include "hrn/dns/rr.hpp"

namespace hrn::dns {
namespace {

bool has(const nsec_input& n, std::uint16_t t) { return n.rdata.types.has(t); }

// RFC 6840 §4.1: an NSEC at a delegation point (NS set, SOA clear) comes from
// the parent side and says nothing about names below the cut; neither does
// an NSEC at a DNAME owner (RFC 6672 §5.3.2) about names below it.
bool may_deny_below(const nsec_input& n) {
  return !((has(n, rr_type::ns) && !has(n, rr_type::soa)) || has(n, rr_type::dname));
}

// owner < n < next in canonical order. Only the zone's last NSEC wraps
// around, and its next name is the apex: RFC 4034 §4.1.1, "The value of the
// Next Domain Name field in the last NSEC record in the zone is the name of
// the zone apex". Any other NSEC whose next name sorts before its owner is
// not one the zone signed as such (e.g. a replayed record), and covers nothing.
bool covers(const nsec_input& nsec, const name& n, const name& zone) {
  int after_owner = canonical_compare(nsec.owner, n);
  int before_next = canonical_compare(n, nsec.rdata.next);
  if (canonical_compare(nsec.owner, nsec.rdata.next) < 0) return after_owner < 0 && before_next < 0;
  if (!(nsec.rdata.next == zone)) return false;
  return after_owner < 0;  // everything after the last name, up to the end of the zone
}

bool usable_cover(const nsec_input& nsec, const name& n, const name& zone) {
  if (!nsec.owner.is_subdomain_of(zone) || !n.is_subdomain_of(zone)) return false;
  if (!covers(nsec, n, zone)) return false;
  if (n.is_subdomain_of(nsec.owner) && !may_deny_below(nsec)) return false;
  return true;
}

std::optional<std::size_t> find_match(std::span<const nsec_input> recs, const name& n) {
  for (std::size_t i = 0; i < recs.size(); ++i)
    if (recs[i].owner == n) return i;
  return std::nullopt;
}

std::optional<std::size_t> find_cover(std::span<const nsec_input> recs, const name& n, const name& zone) {
  for (std::size_t i = 0; i < recs.size(); ++i)
    if (usable_cover(recs[i], n, zone)) return i;
  return std::nullopt;
}

// The closest encloser implied by an NSEC covering `qname`: the deeper of the
// common ancestors of qname with the NSEC's owner and next name.
name closest_encloser(const nsec_input& nsec, const name& qname) {
  name a = common_ancestor(qname, nsec.owner);
  name b = common_ancestor(qname, nsec.rdata.next);
  return a.label_count() >= b.label_count() ? a : b;
}

result<denial_proof> nodata_at(const nsec_input& m, std::size_t idx, const name& qname,
                               std::uint16_t qtype, const name& zone) {
  if (has(m, qtype)) return bogus("NSEC at " + qname.to_text() + " lists " + type_to_text(qtype));
  if (qtype != rr_type::cname && has(m, rr_type::cname))
    return bogus("NSEC at " + qname.to_text() + " shows a CNAME that the answer did not follow");
  bool parent_side = has(m, rr_type::ns) && !has(m, rr_type::soa);
  if (qtype == rr_type::ds) {
    // The DS RRset lives in the parent: only the parent's NSEC can deny it.
    if (zone == qname && !qname.is_root()) return bogus("DS denial for " + qname.to_text() + " from the child zone");
    if (parent_side) return denial_proof{denial_kind::insecure, {idx}};
    return denial_proof{denial_kind::nodata, {idx}};
  }
  if (parent_side)  // RFC 6840 §4.1: the child's data is not the parent's to deny
    return bogus("NSEC from the parent side of the delegation at " + qname.to_text());
  return denial_proof{denial_kind::nodata, {idx}};
}

}  // namespace

result<denial_proof> prove_with_nsec(const name& qname, std::uint16_t qtype, const name& zone,
                                     std::span<const nsec_input> recs) {
  if (!qname.is_subdomain_of(zone)) return bogus(qname.to_text() + " is not in zone " + zone.to_text());
  if (auto m = find_match(recs, qname)) return nodata_at(recs[*m], *m, qname, qtype, zone);

  auto c = find_cover(recs, qname, zone);
  if (!c) return bogus("no NSEC in zone " + zone.to_text() + " covers " + qname.to_text());
  const nsec_input& cover = recs[*c];
  // An empty non-terminal: the next name lies below qname, so qname exists
  // without any RRset (RFC 4035 §3.1.3.2, RFC 5155 §7.2.3 for the NSEC3 analogue).
  if (cover.rdata.next.is_subdomain_of(qname) && !(cover.rdata.next == qname))
    return denial_proof{denial_kind::nodata, {*c}};

  name ce = closest_encloser(cover, qname);
  if (!ce.is_subdomain_of(zone)) return bogus("NSEC implies a closest encloser outside the zone");
  auto wildcard = ce.prepend("*");
  if (!wildcard) return denial_proof{denial_kind::nxdomain, {*c}};  // no wildcard fits in 255 octets
  if (auto w = find_match(recs, *wildcard)) {
    // Wildcard NODATA (RFC 4035 §3.1.3.4): the wildcard exists, the type does not.
    auto nd = nodata_at(recs[*w], *w, *wildcard, qtype, zone);
    if (!nd) return nd.err();
    if (nd->kind != denial_kind::nodata) return bogus("wildcard NSEC at a delegation");
    return denial_proof{denial_kind::nodata, {*c, *w}};
  }
  auto wc = find_cover(recs, *wildcard, zone);
  if (!wc) return bogus("no NSEC proves that " + wildcard->to_text() + " does not exist");
  return denial_proof{denial_kind::nxdomain, {*c, *wc}};
}

result<denial_proof> prove_wildcard_with_nsec(const name& qname, std::uint8_t rrsig_labels, const name& zone,
                                              std::span<const nsec_input> recs) {
  // RFC 4035 §5.3.4: the NSEC must prove qname does not exist and that the
  // wildcard's parent (the rightmost rrsig_labels labels) is the closest encloser.
  for (std::size_t i = 0; i < recs.size(); ++i) {
    if (!usable_cover(recs[i], qname, zone)) continue;
    if (closest_encloser(recs[i], qname).label_count() == rrsig_labels)
      return denial_proof{denial_kind::nxdomain, {i}};
  }
  return bogus("wildcard answer at " + qname.to_text() + " without an NSEC proving no closer match");
}

}  // namespace hrn::dns
