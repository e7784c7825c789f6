#include "zone_signer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "hrn/dns/canonical.hpp"
#include "hrn/dns/dnssec_crypto.hpp"
#include "hrn/dns/nsec3.hpp"
#include "hrn/dns/rrsig.hpp"

namespace zone_signer {
namespace {

using namespace hrn::dns;

// (A loop rather than vector::insert: GCC 12 warns spuriously on empty ranges.)
template <class Range>
void append(bytes& out, const Range& r) {
  for (auto b : r) out.push_back(static_cast<std::uint8_t>(b));
}

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("zone_signer: ") + what);
}

bytes bn_bytes(const char* param, EVP_PKEY* pk) {
  BIGNUM* bn = nullptr;
  check(EVP_PKEY_get_bn_param(pk, param, &bn) == 1, "get_bn_param");
  bytes out(static_cast<std::size_t>(BN_num_bytes(bn)));
  BN_bn2bin(bn, out.data());
  BN_free(bn);
  return out;
}

bytes public_key_bytes(EVP_PKEY* pk, std::uint8_t alg) {
  if (alg == 15) {
    bytes out(32);
    std::size_t len = out.size();
    check(EVP_PKEY_get_raw_public_key(pk, out.data(), &len) == 1 && len == 32, "raw public key");
    return out;
  }
  if (alg == 13 || alg == 14) {
    unsigned char buf[128];
    std::size_t len = 0;
    check(EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY, buf, sizeof buf, &len) == 1, "ec point");
    check(buf[0] == 0x04, "uncompressed point");
    return bytes(buf + 1, buf + len);
  }
  bytes e = bn_bytes(OSSL_PKEY_PARAM_RSA_E, pk), n = bn_bytes(OSSL_PKEY_PARAM_RSA_N, pk);
  bytes out{static_cast<std::uint8_t>(e.size())};
  append(out, e);
  append(out, n);
  return out;
}

const EVP_MD* md_for(std::uint8_t alg) {
  switch (alg) {
    case 8: case 13: return EVP_sha256();
    case 10: return EVP_sha512();
    case 14: return EVP_sha384();
    default: return nullptr;
  }
}

bytes sign_bytes(const key& k, const bytes& data) {
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  check(EVP_DigestSignInit(ctx.get(), nullptr, md_for(k.algorithm), nullptr, k.pkey.get()) == 1, "sign init");
  std::size_t len = 0;
  check(EVP_DigestSign(ctx.get(), nullptr, &len, data.data(), data.size()) == 1, "sign size");
  bytes sig(len);
  check(EVP_DigestSign(ctx.get(), sig.data(), &len, data.data(), data.size()) == 1, "sign");
  sig.resize(len);
  if (k.algorithm != 13 && k.algorithm != 14) return sig;
  std::size_t coord = k.algorithm == 13 ? 32 : 48;
  const unsigned char* p = sig.data();
  ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
  check(es != nullptr, "ecdsa der");
  bytes out(2 * coord);
  BN_bn2binpad(ECDSA_SIG_get0_r(es), out.data(), static_cast<int>(coord));
  BN_bn2binpad(ECDSA_SIG_get0_s(es), out.data() + coord, static_cast<int>(coord));
  ECDSA_SIG_free(es);
  return out;
}

bool less_name(const name& a, const name& b) { return canonical_compare(a, b) < 0; }


}  // namespace

key make_key(std::uint8_t algorithm, std::uint16_t flags, int slot) {
  static std::map<std::tuple<int, int, int>, key> cache;
  auto id = std::make_tuple(int{algorithm}, int{flags}, slot);
  if (auto it = cache.find(id); it != cache.end()) return it->second;
  EVP_PKEY* pk = nullptr;
  switch (algorithm) {
    case 8: case 10: pk = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}); break;
    case 13: pk = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"); break;
    case 14: pk = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"); break;
    case 15: pk = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); break;
    default: throw std::runtime_error("zone_signer: unsupported algorithm");
  }
  check(pk != nullptr, "keygen");
  key k;
  k.pkey = std::shared_ptr<evp_pkey_st>(pk, EVP_PKEY_free);
  k.algorithm = algorithm;
  k.flags = flags;
  k.dnskey_rdata = {static_cast<std::uint8_t>(flags >> 8), static_cast<std::uint8_t>(flags), 3, algorithm};
  bytes pub = public_key_bytes(pk, algorithm);
  k.dnskey_rdata.insert(k.dnskey_rdata.end(), pub.begin(), pub.end());
  k.tag = key_tag(k.dnskey_rdata);
  cache.emplace(id, k);
  return k;
}

rr sign(const std::vector<rr>& set, const key& k, const name& signer, const sign_options& o) {
  auto canon = make_canonical_rrset(std::span<const rr>(set)).value();
  rrsig_rdata s;
  s.type_covered = set.front().type;
  s.algorithm = o.algorithm.value_or(k.algorithm);
  s.labels = o.labels.value_or(static_cast<std::uint8_t>(set.front().owner.rrsig_label_count()));
  s.original_ttl = set.front().ttl;
  s.expiration = o.expiration;
  s.inception = o.inception;
  s.key_tag = k.tag;
  s.signer = signer;
  auto signed_owner = signed_owner_name(canon.owner, s.labels);
  name owner = signed_owner ? *signed_owner : canon.owner;  // a bogus labels field still gets signed
  s.signature = sign_bytes(k, signature_input(s, owner, canon.type, canon.cls, canon.rdatas));
  return rr{set.front().owner, rr_type::rrsig, class_in, set.front().ttl, encode_rrsig(s)};
}

rr make_ds(const name& owner, const key& k, std::uint8_t digest_type, std::uint32_t ttl) {
  ds_rdata d{k.tag, k.algorithm, digest_type, ds_digest(digest_type, owner, k.dnskey_rdata).value()};
  return rr{owner, rr_type::ds, class_in, ttl, encode_ds(d)};
}

trust_anchor anchor_for(const name& owner, const key& k, std::uint8_t digest_type) {
  return {owner, decode_ds(make_ds(owner, k, digest_type).rdata).value()};
}

rr record(const name& owner, std::uint16_t type, bytes rdata, std::uint32_t ttl) {
  return rr{owner, type, class_in, ttl, std::move(rdata)};
}

name numbered(std::string_view prefix, long i, std::string_view suffix) {
  // Appended piece by piece: g++ 12 warns (-Wrestrict, a false positive) on
  // "literal" + std::to_string(i).
  std::string text(prefix);
  text += std::to_string(i);
  text += '.';
  text += suffix;
  return name::from_text(text).value();
}

rr txt(const name& owner, const std::string& text, std::uint32_t ttl) {
  bytes rd{static_cast<std::uint8_t>(text.size())};
  append(rd, text);
  return record(owner, rr_type::txt, rd, ttl);
}

rr name_record(const name& owner, std::uint16_t type, const name& target, std::uint32_t ttl) {
  return record(owner, type, bytes(target.wire().begin(), target.wire().end()), ttl);
}

std::uint16_t covered_type(const rr& r) {
  return r.type == rr_type::rrsig ? decode_rrsig(r.rdata).value().type_covered : r.type;
}

void remove(std::vector<rr>& pool, const name& owner, std::uint16_t type) {
  std::erase_if(pool, [&](const rr& r) { return r.owner == owner && covered_type(r) == type; });
}

zone_spec spec_for(const name& apex, std::uint8_t algorithm, denial chain) {
  zone_spec z;
  z.apex = apex;
  z.algorithm = algorithm;
  z.chain = chain;
  return z;
}

std::vector<rr> delegation(const name& child_apex, const signed_zone& child) {
  return {name_record(child_apex, rr_type::ns, child_apex.prepend("ns").value()), child.ds};
}

signed_chain sign_chain(std::vector<zone_spec> specs) {
  signed_chain out;
  out.zones.resize(specs.size());
  for (std::size_t i = specs.size(); i-- > 0;) {
    if (i + 1 < specs.size()) {
      auto cut = delegation(specs[i + 1].apex, out.zones[i + 1]);
      specs[i].data.insert(specs[i].data.end(), cut.begin(), cut.end());
    }
    out.zones[i] = sign_zone(specs[i]);
  }
  for (const auto& z : out.zones) out.pool.insert(out.pool.end(), z.records.begin(), z.records.end());
  if (!specs.empty()) out.anchors = {anchor_for(specs.front().apex, out.zones.front().ksk)};
  return out;
}

signed_zone sign_zone(const zone_spec& spec) {
  int slot = static_cast<int>(std::hash<std::string>{}(spec.apex.to_text()) % 1000);
  signed_zone z{{}, make_key(spec.algorithm, 257, slot), make_key(spec.algorithm, 256, slot), {}};
  const name& apex = spec.apex;
  std::vector<rr> data = spec.data;
  auto ns = apex.prepend("ns").value();
  auto host = apex.prepend("host").value();
  bytes soa(ns.wire().begin(), ns.wire().end());
  append(soa, host.wire());
  for (int i = 0; i < 5; ++i) soa.insert(soa.end(), {0, 0, 0x0E, 0x10});
  data.push_back(record(apex, rr_type::soa, soa, 3600));
  data.push_back(name_record(apex, rr_type::ns, apex.prepend("ns").value(), 3600));
  data.push_back(record(apex, rr_type::dnskey, z.ksk.dnskey_rdata, 3600));
  data.push_back(record(apex, rr_type::dnskey, z.zsk.dnskey_rdata, 3600));
  if (spec.chain == denial::nsec3) {
    bytes p{spec.nsec3_hash_algorithm, 0, static_cast<std::uint8_t>(spec.nsec3_iterations >> 8),
            static_cast<std::uint8_t>(spec.nsec3_iterations), static_cast<std::uint8_t>(spec.nsec3_salt.size())};
    append(p, spec.nsec3_salt);
    data.push_back(record(apex, rr_type::nsec3param, p, 3600));
  }

  // Delegation points: NS below the apex; anything below them is glue.
  std::vector<name> cuts;
  for (const auto& r : data)
    if (r.type == rr_type::ns && !(r.owner == apex)) cuts.push_back(r.owner);
  auto below_cut = [&](const name& n) {
    return std::any_of(cuts.begin(), cuts.end(), [&](const name& c) { return n.is_subdomain_of(c) && !(n == c); });
  };
  auto is_cut = [&](const name& n) { return std::find(cuts.begin(), cuts.end(), n) != cuts.end(); };

  std::map<name, std::map<std::uint16_t, std::vector<rr>>, canonical_less> sets;
  for (const auto& r : data)
    if (!below_cut(r.owner)) sets[r.owner][r.type].push_back(r);
  for (const auto& r : data) z.records.push_back(r);

  for (auto& [owner, by_type] : sets) {
    for (auto& [type, set] : by_type) {
      if (type == rr_type::ns && is_cut(owner)) continue;  // delegation NS is not signed
      const key& k = type == rr_type::dnskey ? z.ksk : z.zsk;
      z.records.push_back(sign(set, k, apex, spec.signing));
    }
  }

  if (spec.chain == denial::nsec) {
    std::vector<name> owners;
    for (const auto& [owner, by_type] : sets) owners.push_back(owner);
    std::sort(owners.begin(), owners.end(), less_name);
    for (std::size_t i = 0; i < owners.size(); ++i) {
      std::vector<std::uint16_t> types{rr_type::rrsig, rr_type::nsec};
      for (const auto& [type, set] : sets[owners[i]]) types.push_back(type);
      const name& next = owners[(i + 1) % owners.size()];
      bytes rd(next.wire().begin(), next.wire().end());
      auto bm = type_bitmap::from_types(types);
      append(rd, bm.wire());
      std::vector<rr> set{record(owners[i], rr_type::nsec, rd, 3600)};
      z.records.push_back(set[0]);
      z.records.push_back(sign(set, z.zsk, apex, spec.signing));
    }
  } else {
    std::map<std::string, std::vector<std::uint16_t>> hashed;  // hash octets -> types
    for (const auto& [owner, by_type] : sets) {
      bool unsigned_cut = is_cut(owner) && !by_type.count(rr_type::ds);
      if (spec.opt_out && unsigned_cut) continue;
      std::vector<std::uint16_t> types;
      for (const auto& [type, set] : by_type) types.push_back(type);
      if (!unsigned_cut) types.push_back(rr_type::rrsig);
      auto h = nsec3_hash(1, owner, spec.nsec3_salt, spec.nsec3_iterations).value();
      hashed[std::string(h.begin(), h.end())] = types;
      // Empty non-terminals get NSEC3 records too (RFC 5155 §7.1).
      for (name a = owner.parent(); a.is_subdomain_of(apex) && !(a == apex); a = a.parent()) {
        auto ha = nsec3_hash(1, a, spec.nsec3_salt, spec.nsec3_iterations).value();
        if (!sets.count(a)) hashed.emplace(std::string(ha.begin(), ha.end()), std::vector<std::uint16_t>{});
      }
    }
    for (auto it = hashed.begin(); it != hashed.end(); ++it) {
      auto next = std::next(it) == hashed.end() ? hashed.begin() : std::next(it);
      bytes rd{spec.nsec3_hash_algorithm, static_cast<std::uint8_t>(spec.opt_out ? 1 : 0),
               static_cast<std::uint8_t>(spec.nsec3_iterations >> 8),
               static_cast<std::uint8_t>(spec.nsec3_iterations), static_cast<std::uint8_t>(spec.nsec3_salt.size())};
      append(rd, spec.nsec3_salt);
      rd.push_back(20);
      append(rd, next->first);
      auto bm = type_bitmap::from_types(it->second);
      append(rd, bm.wire());
      name owner = apex.prepend(base32hex_encode(hrn::as_bytes(it->first))).value();
      std::vector<rr> set{record(owner, rr_type::nsec3, rd, 3600)};
      z.records.push_back(set[0]);
      z.records.push_back(sign(set, z.zsk, apex, spec.signing));
    }
  }
  z.ds = make_ds(apex, z.ksk);
  return z;
}

}  // namespace zone_signer
