#include "hrn/dns/rrsig.hpp"
#include "hrn/dns/errors.hpp"

#include "hrn/dns/canonical.hpp"

namespace hrn::dns {
namespace {

error bogus(const canonical_rrset& set, std::string why) {
  return make_error(errc::dnssec_bogus, set.owner.to_text() + " " + type_to_text(set.type) + ": " + why);
}

template <class Get>
result<canonical_rrset> build(std::size_t n, Get get) {
  if (n == 0) return make_error(errc::malformed, "empty RRset");
  canonical_rrset out{get(0).owner, get(0).type, get(0).cls, {}};
  out.rdatas.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const rr& r = get(i);
    if (!(r.owner == out.owner) || r.type != out.type || r.cls != out.cls)
      return make_error(errc::malformed, "RRset members differ in owner, type or class");
    auto c = canonical_rdata(r.type, r.rdata);
    if (!c) return c.err();
    out.rdatas.push_back(std::move(*c));
  }
  canonical_sort_unique(out.rdatas);
  return out;
}

}  // namespace

std::uint64_t rrsig_time(std::uint32_t field, std::uint64_t now) {
  auto delta = static_cast<std::int32_t>(field - static_cast<std::uint32_t>(now));
  auto t = static_cast<std::int64_t>(now) + delta;
  return t < 0 ? 0 : static_cast<std::uint64_t>(t);
}

result<canonical_rrset> make_canonical_rrset(std::span<const rr* const> rrs) {
  return build(rrs.size(), [&](std::size_t i) -> const rr& { return *rrs[i]; });
}

result<canonical_rrset> make_canonical_rrset(std::span<const rr> rrs) {
  return build(rrs.size(), [&](std::size_t i) -> const rr& { return rrs[i]; });
}

status check_rrsig_fields(const canonical_rrset& set, const rrsig_rdata& sig, std::uint64_t now) {
  if (sig.type_covered != set.type) return bogus(set, "RRSIG covers another type");
  auto owner = signed_owner_name(set.owner, sig.labels);
  if (!owner) return bogus(set, "RRSIG labels field exceeds the owner's label count");
  std::uint64_t inception = rrsig_time(sig.inception, now);
  std::uint64_t expiration = rrsig_time(sig.expiration, now);
  if (now > expiration)
    return bogus(set, "signature expired at " + std::to_string(expiration) + " (now " + std::to_string(now) + ")");
  if (now < inception)
    return bogus(set, "signature not valid before " + std::to_string(inception) + " (now " + std::to_string(now) + ")");
  return ok_status();
}

status verify_rrsig(const canonical_rrset& set, const rrsig_rdata& sig, const public_key& key,
                    std::uint64_t now) {
  if (auto s = check_rrsig_fields(set, sig, now); !s) return s;
  if (sig.algorithm != key.algorithm()) return bogus(set, "RRSIG algorithm differs from the key's");
  auto owner = signed_owner_name(set.owner, sig.labels);
  if (!owner) return owner.err();
  bytes data = signature_input(sig, *owner, set.type, set.cls, set.rdatas);
  if (!key.verify(data, sig.signature))
    return bogus(set, "bad signature (key tag " + std::to_string(sig.key_tag) + ", signer " + sig.signer.to_text() + ")");
  return ok_status();
}

}  // namespace hrn::dns
