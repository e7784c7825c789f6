// NSEC3 denial of existence (RFC 5155 §8; RFC 9276 §3.2 for iteration limits).
#include <map>
#include <optional>

#include "hrn/dns/denial.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/dns/nsec3.hpp"
#include "hrn/dns/rr.hpp"

namespace hrn::dns {

result<bytes> nsec3_hasher::hash(const name& n, const nsec3_rdata& rd) {
  std::string key(reinterpret_cast<const char*>(n.wire().data()), n.wire_size());
  key.push_back(static_cast<char>(rd.hash_algorithm));
  key.push_back(static_cast<char>(rd.iterations >> 8));
  key.push_back(static_cast<char>(rd.iterations));
  key.append(reinterpret_cast<const char*>(rd.salt.data()), rd.salt.size());
  if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  if (rd.iterations > max_iterations_) return insecure("NSEC3 iterations above " + std::to_string(max_iterations_));
  if (computed_ >= max_hashes_)
    return bogus("the proof needs more than " + std::to_string(max_hashes_) + " NSEC3 hash computations");
  ++computed_;
  auto h = nsec3_hash(rd.hash_algorithm, n, rd.salt, rd.iterations);
  if (!h) return bogus("NSEC3 hash failed");
  memo_.emplace(std::move(key), *h);
  return std::move(*h);
}

namespace {

struct usable_record {
  std::size_t index;
  bytes owner_hash;
};

// One proof's view of the NSEC3 records: the usable ones, and memoised hashes.
class nsec3_set {
 public:
  nsec3_set(std::span<const nsec3_input> recs, const name& zone, nsec3_hasher& hasher)
      : recs_(recs), hasher_(hasher) {
    for (std::size_t i = 0; i < recs.size(); ++i) {
      const auto& r = recs[i];
      // RFC 5155 §8.1/§8.2: ignore unknown hash algorithms and unknown flags.
      if (r.rdata.hash_algorithm != nsec3_hash_sha1) { ignored_algorithm_ = true; continue; }
      if ((r.rdata.flags & ~nsec3_rdata::opt_out_flag) != 0) continue;
      if (r.rdata.iterations > hasher.max_iterations()) { too_many_iterations_ = true; continue; }
      // The owner is <base32hex(hash)>.<zone> (RFC 5155 §3).
      if (r.owner.label_count() != zone.label_count() + 1 || !(r.owner.parent() == zone)) continue;
      auto h = base32hex_decode(r.owner.label(0));
      if (!h || h->size() != 20 || r.rdata.next_hashed.size() != 20) continue;
      usable_.push_back({i, std::move(*h)});
    }
  }

  // Why no proof could be built when nothing was usable.
  std::optional<error> unusable_reason() const {
    if (!usable_.empty()) return std::nullopt;
    if (too_many_iterations_)
      return insecure("NSEC3 iterations above " + std::to_string(hasher_.max_iterations()) + " (RFC 9276 §3.2)");
    if (ignored_algorithm_) return insecure("unsupported NSEC3 hash algorithm");
    return std::nullopt;
  }

  // Index of a record whose owner hash equals H(n); nullopt when none.
  result<std::optional<std::size_t>> match(const name& n) {
    for (const auto& u : usable_) {
      auto h = hash(n, recs_[u.index].rdata);
      if (!h) return h.err();
      if (u.owner_hash == *h) return std::optional<std::size_t>{u.index};
    }
    return std::optional<std::size_t>{};
  }

  // Index of a record whose (owner hash, next hash) interval covers H(n).
  result<std::optional<std::size_t>> cover(const name& n) {
    for (const auto& u : usable_) {
      const auto& rd = recs_[u.index].rdata;
      auto h = hash(n, rd);
      if (!h) return h.err();
      const bytes& lo = u.owner_hash;
      const bytes& hi = rd.next_hashed;
      bool in = lo < hi ? (lo < *h && *h < hi) : (lo < *h || *h < hi);  // last one wraps
      if (in) return std::optional<std::size_t>{u.index};
    }
    return std::optional<std::size_t>{};
  }

  const nsec3_input& at(std::size_t i) const { return recs_[i]; }

 private:
  result<bytes> hash(const name& n, const nsec3_rdata& rd) { return hasher_.hash(n, rd); }

  std::span<const nsec3_input> recs_;
  nsec3_hasher& hasher_;
  std::vector<usable_record> usable_;
  bool ignored_algorithm_ = false;
  bool too_many_iterations_ = false;
};

bool has(const nsec3_input& r, std::uint16_t t) { return r.rdata.types.has(t); }

struct encloser_proof {
  name closest_encloser;
  std::size_t ce_record;
  std::size_t next_closer_record;
};

// RFC 5155 §8.3 closest (provable) encloser proof for a qname that has no
// matching NSEC3: walk up to the first ancestor with a matching NSEC3, and
// require an NSEC3 covering the next closer name (the ancestor one label longer).
result<encloser_proof> closest_encloser(nsec3_set& set, const name& qname, const name& zone) {
  name next_closer = qname;
  name sname = qname.parent();
  while (sname.is_subdomain_of(zone)) {
    auto m = set.match(sname);
    if (!m) return m.err();
    if (*m) {
      const auto& ce = set.at(**m);
      // The closest encloser cannot be a delegation point or a DNAME owner:
      // names below those are not this zone's to deny (RFC 6840 §4.1).
      if ((has(ce, rr_type::ns) && !has(ce, rr_type::soa)) || has(ce, rr_type::dname))
        return bogus("NSEC3 closest encloser " + sname.to_text() + " is a delegation or DNAME");
      auto c = set.cover(next_closer);
      if (!c) return c.err();
      if (!*c) return bogus("no NSEC3 covers the next closer name " + next_closer.to_text());
      return encloser_proof{sname, **m, **c};
    }
    if (sname == zone) break;
    next_closer = sname;
    sname = sname.parent();
  }
  return bogus("no NSEC3 closest encloser proof for " + qname.to_text());
}

result<denial_proof> nodata_at(const nsec3_input& m, std::size_t idx, const name& qname,
                               std::uint16_t qtype, const name& zone) {
  if (has(m, qtype)) return bogus("NSEC3 for " + qname.to_text() + " lists " + type_to_text(qtype));
  if (qtype != rr_type::cname && has(m, rr_type::cname))
    return bogus("NSEC3 for " + qname.to_text() + " shows a CNAME that the answer did not follow");
  bool parent_side = has(m, rr_type::ns) && !has(m, rr_type::soa);
  if (qtype == rr_type::ds) {
    if (zone == qname && !qname.is_root()) return bogus("DS denial for " + qname.to_text() + " from the child zone");
    // RFC 5155 §8.6: NS without DS at the delegation = unsigned delegation.
    return denial_proof{parent_side ? denial_kind::insecure : denial_kind::nodata, {idx}};
  }
  if (parent_side) return bogus("NSEC3 from the parent side of the delegation at " + qname.to_text());
  return denial_proof{denial_kind::nodata, {idx}};  // RFC 5155 §8.5
}

}  // namespace

result<denial_proof> prove_with_nsec3(const name& qname, std::uint16_t qtype, const name& zone,
                                      std::span<const nsec3_input> recs, nsec3_hasher& hasher) {
  if (!qname.is_subdomain_of(zone)) return bogus(qname.to_text() + " is not in zone " + zone.to_text());
  nsec3_set set(recs, zone, hasher);
  if (auto why = set.unusable_reason()) return *why;

  auto m = set.match(qname);
  if (!m) return m.err();
  if (*m) return nodata_at(set.at(**m), **m, qname, qtype, zone);

  auto ce = closest_encloser(set, qname, zone);
  if (!ce) return ce.err();
  bool opt_out = set.at(ce->next_closer_record).rdata.opt_out();
  std::vector<std::size_t> used{ce->ce_record, ce->next_closer_record};
  // RFC 5155 §8.6: no DS at a name covered by an opt-out span = unsigned delegation.
  if (qtype == rr_type::ds && opt_out) return denial_proof{denial_kind::insecure, used};

  auto wildcard = ce->closest_encloser.prepend("*");
  if (wildcard) {
    auto w = set.match(*wildcard);
    if (!w) return w.err();
    if (*w) {  // RFC 5155 §8.7 wildcard NODATA
      auto nd = nodata_at(set.at(**w), **w, *wildcard, qtype, zone);
      if (!nd) return nd.err();
      if (nd->kind != denial_kind::nodata) return bogus("wildcard NSEC3 at a delegation");
      used.push_back(**w);
      // RFC 5155 §6: an opt-out span "may contain unsigned delegations", so
      // an opt-out NSEC3 covering the next closer name does not prove that
      // no closer name exists: the wildcard may not be the one that applies
      // (RFC 5155 §9.2; Unbound answers insecure here too).
      return denial_proof{opt_out ? denial_kind::insecure : denial_kind::nodata, used};
    }
    auto wc = set.cover(*wildcard);
    if (!wc) return wc.err();
    if (!*wc) return bogus("no NSEC3 proves that " + wildcard->to_text() + " does not exist");
    used.push_back(**wc);
  }
  // RFC 5155 §8.4 name error. Under opt-out the name might be an unsigned
  // delegation, so the denial is not authenticated (RFC 5155 §6, §9.2).
  return denial_proof{opt_out ? denial_kind::insecure : denial_kind::nxdomain, used};
}

result<denial_proof> prove_wildcard_with_nsec3(const name& qname, std::uint8_t rrsig_labels, const name& zone,
                                               std::span<const nsec3_input> recs, nsec3_hasher& hasher) {
  // RFC 5155 §8.8: "The validator MUST verify that there is an NSEC3 RR that
  // covers the 'next closer' name to QNAME", the ancestor of qname with one
  // label more than the wildcard's closest encloser.
  if (rrsig_labels >= qname.label_count()) return bogus("not a wildcard expansion");
  nsec3_set set(recs, zone, hasher);
  if (auto why = set.unusable_reason()) return *why;
  name next_closer = qname.suffix(rrsig_labels + 1u);
  auto c = set.cover(next_closer);
  if (!c) return c.err();
  if (!*c) return bogus("wildcard answer at " + qname.to_text() + " without an NSEC3 covering " +
                        next_closer.to_text());
  // RFC 5155 §6: an opt-out span "may contain unsigned delegations"; the
  // next closer name may be one, and then the wildcard was never the answer
  // for qname. Nothing is proven: insecure, never secure.
  const bool opt_out = set.at(**c).rdata.opt_out();
  return denial_proof{opt_out ? denial_kind::insecure : denial_kind::nxdomain, {**c}};
}

}  // namespace hrn::dns
