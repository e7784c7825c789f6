// The answer walk: exact RRset, else CNAME, else DNAME, else denial.
#include "hrn/dns/validator.hpp"

#include <algorithm>

#include "hrn/dns/canonical.hpp"
#include "hrn/dns/rdata.hpp"
#include "validation_run.hpp"

namespace hrn::dns {
namespace {

using detail::rrset_entry;
using detail::validation_run;

// A bogus result for a name that is provably below an unsigned delegation is
// reported as insecure: nothing there could have been signed.
error classify(validation_run& run, const name& n, error e) {
  if (!is_bogus(e) || run.budget_spent()) return e;
  std::string where;
  if (run.proven_insecure(n, where))
    return insecure(n.to_text() + " is below the unsigned delegation " + where + " (" + e.message + ")");
  return e;
}

// RFC 4035 §5.3.3: the TTL of validated data must not outlive the signature.
std::uint32_t capped_ttl(std::uint32_t ttl, std::uint64_t earliest_expiry, std::uint64_t now) {
  const std::uint64_t left = earliest_expiry > now ? earliest_expiry - now : 0;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(ttl, left));
}

bytes digest_of(const std::vector<trust_anchor>& anchors) {
  bytes all;
  for (const auto& a : anchors) {
    all.insert(all.end(), a.owner.wire().begin(), a.owner.wire().end());
    auto ds = encode_ds(a.ds);
    all.insert(all.end(), ds.begin(), ds.end());
  }
  return sha256_of({byte_view(all)});
}

// The single target of a CNAME or DNAME RRset (RFC 2181 §10.1: one per owner).
result<name> alias_target(const rrset_entry& set) {
  std::optional<name> target;
  for (const rr* r : set.records) {
    auto t = decode_name_rdata(r->rdata);
    if (!t) return bogus(set.owner.to_text() + " " + type_to_text(set.type) + ": " + t.err().message);
    if (target && !(*target == *t))
      return bogus(set.owner.to_text() + " has more than one " + type_to_text(set.type) + " target");
    target = std::move(*t);
  }
  return *target;
}

std::vector<rr> canonical_records(const rrset_entry& set) {
  std::vector<rr> out;
  for (const rr* r : set.records) {
    auto c = canonical_rdata(r->type, r->rdata);
    rr copy = *r;
    if (c) copy.rdata = std::move(*c);
    if (std::find_if(out.begin(), out.end(), [&](const rr& o) { return o.rdata == copy.rdata; }) == out.end())
      out.push_back(std::move(copy));
  }
  std::sort(out.begin(), out.end(), [](const rr& a, const rr& b) { return a.rdata < b.rdata; });
  return out;
}

}  // namespace

namespace detail {

result<bool> validation_run::verify_answer(const rrset_entry& set) {
  auto v = verify_signed(set);
  if (!v) return v.err();
  accept(set, *v->sig, *v->keys);
  // RFC 4035 §5.3.4: fewer RRSIG labels than owner labels means the RRset
  // was synthesised from a wildcard; then qname itself must provably not
  // exist, with no closer encloser than the wildcard's parent.
  if (v->sig->rdata.labels < set.owner.rrsig_label_count()) {
    if (auto s = prove_wildcard(set.owner, v->sig->rdata.labels, v->keys->zone); !s) return s.err();
    return true;
  }
  return false;
}

}  // namespace detail

namespace {

// The answer walk from qname: an RRset, aliases followed, or a denial.
result<validated_answer> walk(validation_run& run, const detail::pool_index& idx, const name& qname,
                              std::uint16_t qtype) {
  const auto& options = run.options();
  validated_answer out;
  out.qname = qname;
  out.qtype = qtype;
  name current = qname;
  std::vector<name> visited{qname};
  std::size_t hops = 0;

  // A hop is one substitution, however many copies of the alias RR the
  // pool holds (the same CNAME may arrive twice with different TTLs).
  auto follow = [&](const rrset_entry& set, name next) -> status {
    for (const rr* r : set.records) out.aliases.push_back(*r);
    if (++hops > options.max_alias_hops || std::find(visited.begin(), visited.end(), next) != visited.end())
      return make_error(errc::alias_loop, "CNAME/DNAME chain from " + qname.to_text() + " loops or exceeds " +
                                                  std::to_string(options.max_alias_hops) + " steps");
    visited.push_back(next);
    current = std::move(next);
    return ok_status();
  };

  for (;;) {
    if (const rrset_entry* set = idx.find(current, qtype)) {
      auto w = run.verify_answer(*set);
      if (!w) return classify(run, current, w.err());
      out.wildcard = *w;
      out.records = canonical_records(*set);
      out.status = answer_status::answer;
      break;
    }
    // RFC 6672 §2.2/§3.2: a DNAME at a proper ancestor rewrites the suffix.
    // It is looked for before a CNAME at the name itself: the CNAME a server
    // synthesises from a DNAME is unsigned (§5.3.1) and is not trusted here;
    // the substitution is recomputed from the signed DNAME instead.
    bool rewritten = false;
    for (name anc = current.parent(); !anc.is_root(); anc = anc.parent()) {
      const rrset_entry* dname = idx.find(anc, rr_type::dname);
      if (!dname) continue;
      auto w = run.verify_answer(*dname);
      if (!w) return classify(run, current, w.err());
      auto target = alias_target(*dname);
      if (!target) return target.err();
      auto next = current.replace_suffix(anc, *target);
      if (!next) return make_error(errc::malformed, "DNAME substitution: " + next.err().message);
      if (auto s = follow(*dname, std::move(*next)); !s) return s.err();
      rewritten = true;
      break;
    }
    if (rewritten) continue;
    if (qtype != rr_type::cname) {
      if (const rrset_entry* cname = idx.find(current, rr_type::cname)) {
        auto w = run.verify_answer(*cname);
        if (!w) return classify(run, current, w.err());
        auto target = alias_target(*cname);
        if (!target) return target.err();
        if (auto s = follow(*cname, std::move(*target)); !s) return s.err();
        continue;
      }
    }
    auto d = run.deny(current, qtype);
    if (!d) return classify(run, current, d.err());
    if (d->kind == denial_kind::insecure)
      return insecure(current.to_text() + " " + type_to_text(qtype) +
                      ": only an unsigned delegation or opt-out span can be proven");
    out.status = d->kind == denial_kind::nxdomain ? answer_status::nxdomain : answer_status::nodata;
    break;
  }
  out.final_name = current;
  return out;
}

}  // namespace

chain_validator::chain_validator(std::vector<trust_anchor> anchors, validation_options options)
    : anchors_(std::move(anchors)),
      anchors_digest_(digest_of(anchors_)),
      parsed_keys_(std::make_shared<public_key_memo>()),
      options_(options) {}

result<validated_answer> chain_validator::validate(std::span<const rr> pool, const name& qname,
                                                   std::uint16_t qtype, std::uint64_t now) const {
  validation_context context;
  return validate(pool, qname, qtype, now, context);
}

result<validated_answer> chain_validator::validate(std::span<const rr> pool, const name& qname,
                                                   std::uint16_t qtype, std::uint64_t now,
                                                   validation_context& context) const {
  if (pool.size() > options_.max_pool_records)
    return make_error(errc::malformed, "too many records to validate");
  if (qtype == rr_type::rrsig || qtype == rr_type::opt)
    return make_error(errc::malformed, "cannot validate a query for " + type_to_text(qtype));
  // RFC 4033 §5: "Indeterminate: There is no trust anchor that would
  // indicate that a portion of the tree is secure."
  if (std::none_of(anchors_.begin(), anchors_.end(), [&](const trust_anchor& a) { return qname.is_subdomain_of(a.owner); }))
    return make_error(errc::dnssec_indeterminate, "no trust anchor at or above " + qname.to_text());
  detail::pool_index idx(pool);
  validation_run run(idx, anchors_, anchors_digest_, options_, now, context.key_cache, *parsed_keys_);
  auto out = walk(run, idx, qname, qtype);
  context.work = run.work();
  if (!out) return out;
  out->min_ttl = capped_ttl(run.min_ttl(), run.earliest_expiry(), now);
  out->earliest_expiry = run.earliest_expiry();
  out->proof = run.proof();
  return out;
}

}  // namespace hrn::dns
