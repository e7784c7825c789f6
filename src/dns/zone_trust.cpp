// Zone keys from DS to DNSKEY (RFC 4035 §5.2) and RRset signatures (§5.3).
#include <algorithm>

#include "hrn/dns/canonical.hpp"
#include "hrn/dns/rrsig.hpp"
#include "validation_run.hpp"

namespace hrn::dns::detail {
namespace {

std::string set_text(const rrset_entry& s) { return s.owner.to_text() + " " + type_to_text(s.type); }

constexpr std::size_t max_sigs_tried = 8;     // per RRset
constexpr std::size_t max_keys_per_tag = 4;   // key tags collide; bound the tries

// RFC 4034 §2.1.1/§2.1.2, RFC 5011 §2.1: zone key, protocol 3, not revoked.
bool usable_zone_key(const dnskey_rdata& k) {
  return (k.flags & dnskey_rdata::zone_key_flag) && !(k.flags & dnskey_rdata::revoke_flag) &&
         k.protocol == 3 && signature_algorithm_supported(k.algorithm);
}

// RRsets that are never synthesised from a wildcard, so whose RRSIG labels
// must equal the owner's label count. RFC 4592 §4.7 (and erratum 5119): NSEC
// (and NSEC3) RRsets at a wildcard owner are not expanded, "they are not
// used to prove anything about names other than the wildcard itself"; DS
// and DNSKEY belong to a zone cut or apex, which no wildcard can stand for.
// Accepting fewer labels would let a wildcard's own NSEC, replayed under any
// owner below the wildcard's parent, verify as if it were that owner's.
bool never_synthesised(std::uint16_t type) {
  return type == rr_type::nsec || type == rr_type::nsec3 || type == rr_type::ds || type == rr_type::dnskey;
}

std::uint32_t ttl_left(std::uint64_t until, std::uint64_t now) {
  if (until <= now) return 0;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(until - now, 0xFFFFFFFFu));
}

// The cache's name for "this DNSKEY RRset": SHA-256 of its canonical form.
std::optional<bytes> dnskey_digest(const rrset_entry& set) {
  std::vector<bytes> rdatas;
  for (const rr* r : set.records) {
    auto c = canonical_rdata(r->type, r->rdata);
    if (!c) return std::nullopt;
    rdatas.push_back(std::move(*c));
  }
  return dnskey_rrset_digest(set.owner, std::move(rdatas));
}

}  // namespace

const public_key* zone_keys::key::get(public_key_memo& parsed) const {
  if (!pk && !unusable) {
    auto k = parsed.get(algorithm, public_key_bytes);
    if (k) pk = std::move(*k);
    else unusable = true;
  }
  return pk ? &*pk : nullptr;
}

std::uint32_t rrset_ttl(const rrset_entry& set, const signature& sig) {
  std::uint32_t t = std::min(sig.rdata.original_ttl, sig.record->ttl);
  for (const rr* r : set.records) t = std::min(t, r->ttl);
  return t;
}

result<const signature*> validation_run::verify_with(const rrset_entry& set, const zone_keys& keys) {
  if (set.sigs.empty()) return bogus(set_text(set) + ": no RRSIG");
  auto canon = make_canonical_rrset(std::span<const rr* const>(set.records));
  if (!canon) return bogus(set_text(set) + ": " + canon.err().message);
  std::string reason = set_text(set) + ": no RRSIG by zone " + keys.zone.to_text();
  std::size_t tried = 0;
  for (const auto& sig : set.sigs) {
    // RFC 4035 §5.3.1: "The RRSIG RR's Signer's Name field MUST be the name
    // of the zone that contains the RRset."
    if (!(sig.rdata.signer == keys.zone)) continue;
    if (!signature_algorithm_supported(sig.rdata.algorithm)) {
      reason = set_text(set) + ": RRSIG algorithm " + std::to_string(sig.rdata.algorithm) + " not supported";
      continue;
    }
    if (never_synthesised(set.type) && sig.rdata.labels != set.owner.rrsig_label_count()) {
      reason = set_text(set) + ": RRSIG labels " + std::to_string(sig.rdata.labels) +
               " claims a wildcard expansion, which this type never is (RFC 4592 §4.7)";
      continue;
    }
    if (++tried > max_sigs_tried) break;
    if (auto s = check_rrsig_fields(*canon, sig.rdata, now_); !s) {
      reason = s.err().message;
      continue;
    }
    std::size_t candidates = 0;
    for (const auto& k : keys.keys) {
      if (k.tag != sig.rdata.key_tag || k.algorithm != sig.rdata.algorithm) continue;
      if (++candidates > max_keys_per_tag) break;
      const public_key* pk = k.get(parsed_keys_);
      if (!pk) {
        reason = set_text(set) + ": DNSKEY " + std::to_string(k.tag) + " is unusable";
        continue;
      }
      if (signature_checks_ >= options_.max_signature_checks)
        return bogus("validation needs more than " + std::to_string(options_.max_signature_checks) +
                     " signature checks");
      ++signature_checks_;
      auto s = verify_rrsig(*canon, sig.rdata, *pk, now_);
      if (s) return &sig;
      reason = s.err().message;
    }
    if (candidates == 0)
      reason = set_text(set) + ": no DNSKEY with key tag " + std::to_string(sig.rdata.key_tag) + " in zone " +
               keys.zone.to_text();
  }
  return bogus(reason);
}

result<const zone_keys*> validation_run::zone(const name& z) {
  if (auto it = zones_.find(z); it != zones_.end()) return &it->second;
  if (auto it = zone_errors_.find(z); it != zone_errors_.end()) return it->second;
  auto fail = [&](error e) -> result<const zone_keys*> {
    zone_errors_.emplace(z, e);
    return e;
  };
  if (zones_tried_ >= options_.max_zones)
    return bogus("validation needs the keys of more than " + std::to_string(options_.max_zones) + " zones");
  ++zones_tried_;
  // The cache's key for this zone's keys, computed once for lookup and insert.
  std::optional<bytes> digest;
  if (cache_) {
    if (const rrset_entry* dnskeys = idx_.find(z, rr_type::dnskey)) digest = dnskey_digest(*dnskeys);
    auto entry = digest ? cache_->find(z, *digest, anchors_digest_, now_) : nullptr;
    if (entry) return &zones_.emplace(z, from_cache(z, std::move(entry))).first->second;
  }
  auto keys = zone_from_pool(z);
  if (!keys) return fail(std::move(keys).err());
  if (digest) remember_in_cache(*digest, *keys);
  return &zones_.emplace(z, std::move(*keys)).first->second;
}

// Zone keys from a cache entry; the entry is pinned for this run, since the
// keys and the proof point into it.
zone_keys validation_run::from_cache(const name& z, std::shared_ptr<const cached_zone> entry) {
  zone_keys out{z, {}, {}, ttl_left(entry->valid_until, now_), entry->signature_expiry};
  for (const auto& k : entry->keys)
    out.keys.push_back({k.tag, k.algorithm, byte_view(k.public_key_bytes), k.pk, k.unusable});
  for (const rr& r : entry->proof) out.proof.push_back(&r);
  pinned_.push_back(std::move(entry));
  return out;
}

void validation_run::remember_in_cache(const bytes& digest, const zone_keys& keys) {
  cached_zone entry;
  entry.zone = keys.zone;
  entry.signature_expiry = keys.expiry;
  entry.valid_until = std::min(keys.expiry, now_ + keys.min_ttl);
  for (const rr* r : keys.proof) entry.proof.push_back(*r);
  for (const auto& k : keys.keys) {
    cached_zone_key c{k.tag, k.algorithm, bytes(k.public_key_bytes.begin(), k.public_key_bytes.end()), {}, false};
    k.get(parsed_keys_);  // build it now, so every later hit shares the built key
    c.pk = k.pk;
    c.unusable = k.unusable;
    entry.keys.push_back(std::move(c));
  }
  cache_->insert(digest, anchors_digest_, std::move(entry), now_);
}

result<zone_keys> validation_run::zone_from_pool(const name& z) {
  const std::string zt = "zone " + z.to_text() + ": ";
  zone_keys out{z, {}, {}, 0xFFFFFFFFu, ~std::uint64_t{0}};
  std::vector<ds_rdata> ds;
  for (const auto& a : anchors_)
    if (a.owner == z) ds.push_back(a.ds);
  if (ds.empty()) {
    if (z.is_root()) return make_error(errc::dnssec_indeterminate, "no trust anchor at or above the name");
    const rrset_entry* ds_set = idx_.find(z, rr_type::ds);
    if (!ds_set) return bogus(zt + "no DS RRset in its parent");
    auto v = verify_signed(*ds_set);
    if (!v) return v.err();
    out.proof = v->keys->proof;
    out.min_ttl = std::min(v->keys->min_ttl, rrset_ttl(*ds_set, *v->sig));
    out.expiry = std::min(v->keys->expiry, rrsig_time(v->sig->rdata.expiration, now_));
    for (const rr* r : ds_set->records) {
      auto d = decode_ds(r->rdata);
      if (!d) return bogus(zt + d.err().message);
      ds.push_back(std::move(*d));
      out.proof.push_back(r);
    }
    out.proof.push_back(v->sig->record);
  }
  // RFC 4035 §5.2: only DS with algorithms and digests we implement count; if
  // none is left the zone is treated as unsigned. RFC 4509 §3: ignore SHA-1
  // DS when a SHA-256 (or stronger) DS is present.
  bool strong = std::any_of(ds.begin(), ds.end(), [](const ds_rdata& d) {
    return d.digest_type != ds_digest_type::sha1 && ds_digest_supported(d.digest_type) &&
           signature_algorithm_supported(d.algorithm);
  });
  std::erase_if(ds, [&](const ds_rdata& d) {
    return !ds_digest_supported(d.digest_type) || !signature_algorithm_supported(d.algorithm) ||
           (strong && d.digest_type == ds_digest_type::sha1);
  });
  if (ds.empty()) return insecure(zt + "no DS with a supported algorithm and digest (RFC 4035 §5.2)");
  const rrset_entry* dnskeys = idx_.find(z, rr_type::dnskey);
  if (!dnskeys) return bogus(zt + "no DNSKEY RRset");

  zone_keys sep{z, {}, {}, 0, 0};
  // Key tags collide, and a zone may publish many keys and DS records with
  // one tag: bound the digests computed per zone as the keys tried per tag.
  constexpr std::size_t max_ds_digests = 16;
  std::size_t digests = 0;
  for (const rr* r : dnskeys->records) {
    auto k = decode_dnskey(r->rdata);
    if (!k || !usable_zone_key(*k)) continue;
    std::uint16_t tag = key_tag(r->rdata);
    for (const auto& d : ds) {
      if (d.key_tag != tag || d.algorithm != k->algorithm) continue;
      if (++digests > max_ds_digests) break;
      auto digest = ds_digest(d.digest_type, z, r->rdata);
      if (!digest || *digest != d.digest) continue;
      sep.keys.push_back({tag, k->algorithm, byte_view(r->rdata).subspan(4), {}, false});
      break;
    }
  }
  if (sep.keys.empty()) return bogus(zt + "no DNSKEY matches the DS (digest or key tag mismatch)");
  auto sig = verify_with(*dnskeys, sep);
  if (!sig) return bogus(zt + "DNSKEY RRset not signed by a key the DS vouches for: " + sig.err().message);

  for (const rr* r : dnskeys->records) {
    auto k = decode_dnskey(r->rdata);
    out.proof.push_back(r);
    if (!k || !usable_zone_key(*k)) continue;
    zone_keys::key entry{key_tag(r->rdata), k->algorithm, byte_view(r->rdata).subspan(4), {}, false};
    for (const auto& s : sep.keys)  // reuse the key objects already built
      if (s.public_key_bytes.data() == entry.public_key_bytes.data()) entry.pk = s.pk;
    out.keys.push_back(std::move(entry));
  }
  out.proof.push_back((*sig)->record);
  out.min_ttl = std::min(out.min_ttl, rrset_ttl(*dnskeys, **sig));
  out.expiry = std::min(out.expiry, rrsig_time((*sig)->rdata.expiration, now_));
  return out;
}

name validation_run::containing_zone(const name& owner, std::uint16_t type) const {
  // The DS RRset at a cut is the parent's (RFC 4034 §5); everything else at
  // a cut is the child's. Evidence of a cut: a trust anchor, a DNSKEY RRset
  // (only at an apex) or a DS RRset (only at a cut) in the pool.
  name d = type == rr_type::ds ? owner.parent() : owner;
  for (;; d = d.parent()) {
    if (d.is_root()) return d;
    if (std::any_of(anchors_.begin(), anchors_.end(), [&](const trust_anchor& a) { return a.owner == d; }))
      return d;
    if (idx_.find(d, rr_type::dnskey) || idx_.find(d, rr_type::ds)) return d;
  }
}

result<verified> validation_run::verify_signed(const rrset_entry& set) {
  if (set.sigs.empty()) return bogus(set_text(set) + ": no RRSIG");
  const name z = containing_zone(set.owner, set.type);
  // RFC 4035 §5.3.1: "The RRSIG RR's Signer's Name field MUST be the name of
  // the zone that contains the RRset." A signature by an enclosing zone over
  // data below one of its cuts proves nothing: that data is not its own.
  if (std::none_of(set.sigs.begin(), set.sigs.end(), [&](const signature& s) { return s.rdata.signer == z; }))
    return bogus(set_text(set) + ": no RRSIG by " + z.to_text() + ", the zone that contains it (signed by " +
                 set.sigs.front().rdata.signer.to_text() + ")");
  auto keys = zone(z);
  if (!keys) return keys.err();
  auto sig = verify_with(set, **keys);
  if (!sig) return sig.err();
  return verified{*sig, *keys};
}

void validation_run::use(const rr* r) {
  if (used_set_.insert(r).second) used_.push_back(r);
}

void validation_run::accept(const rrset_entry& set, const signature& sig, const zone_keys& keys) {
  for (const rr* r : keys.proof) use(r);
  for (const rr* r : set.records) use(r);
  use(sig.record);
  min_ttl_ = std::min({min_ttl_, keys.min_ttl, rrset_ttl(set, sig)});
  expiry_ = std::min({expiry_, keys.expiry, rrsig_time(sig.rdata.expiration, now_)});
}

std::vector<rr> validation_run::proof() const {
  std::vector<rr> out;
  out.reserve(used_.size());
  for (const rr* r : used_)
    if (std::find(out.begin(), out.end(), *r) == out.end()) out.push_back(*r);
  return out;
}

}  // namespace hrn::dns::detail
