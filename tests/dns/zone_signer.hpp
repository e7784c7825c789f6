#pragma once
// Test-only: builds small signed zones with freshly generated keys, so every
// validation path (wildcards, NSEC, NSEC3, DNAME, insecure, expired, DS
// mismatch) can be exercised without network or external signer.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "hrn/dns/rdata.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/dns/trust_anchor.hpp"

struct evp_pkey_st;

namespace zone_signer {

using hrn::bytes;
using hrn::dns::name;
using hrn::dns::rr;

inline constexpr std::uint32_t inception = 1700000000;
inline constexpr std::uint32_t expiration = 1800000000;
inline constexpr std::uint64_t now = 1750000000;

struct key {
  std::shared_ptr<evp_pkey_st> pkey;
  std::uint8_t algorithm = 0;
  std::uint16_t flags = 257;
  bytes dnskey_rdata;
  std::uint16_t tag = 0;
};

// Algorithms 8, 10 (RSA 2048), 13, 14, 15. Keys are cached per (algorithm, flags, slot).
key make_key(std::uint8_t algorithm, std::uint16_t flags, int slot = 0);

struct sign_options {
  std::uint32_t inception = zone_signer::inception;
  std::uint32_t expiration = zone_signer::expiration;
  std::optional<std::uint8_t> labels;  // override the RRSIG labels field
  std::optional<std::uint8_t> algorithm;  // override the RRSIG algorithm field
};

// RRSIG over `set` (same owner/type) by `k` as `signer`.
rr sign(const std::vector<rr>& set, const key& k, const name& signer, const sign_options& o = {});
rr make_ds(const name& owner, const key& k, std::uint8_t digest_type = 2, std::uint32_t ttl = 3600);
hrn::dns::trust_anchor anchor_for(const name& owner, const key& k, std::uint8_t digest_type = 2);

// <prefix><i>.<suffix>, e.g. numbered("h", 3, "hops.test") = h3.hops.test.
name numbered(std::string_view prefix, long i, std::string_view suffix);

rr txt(const name& owner, const std::string& text, std::uint32_t ttl = 300);
rr record(const name& owner, std::uint16_t type, bytes rdata, std::uint32_t ttl = 300);
rr name_record(const name& owner, std::uint16_t type, const name& target, std::uint32_t ttl = 300);

enum class denial { nsec, nsec3 };

struct zone_spec {
  name apex;
  std::uint8_t algorithm = 15;
  denial chain = denial::nsec;
  std::uint8_t nsec3_hash_algorithm = 1;
  std::uint16_t nsec3_iterations = 0;
  bytes nsec3_salt;
  bool opt_out = false;
  // Unsigned input: data RRs; NS (+ optional DS) RRs below the apex are delegations.
  std::vector<rr> data;
  sign_options signing;
};

// A spec with just an apex, an algorithm and a denial chain; the rest defaults.
zone_spec spec_for(const name& apex, std::uint8_t algorithm, denial chain = denial::nsec);

struct signed_zone {
  std::vector<rr> records;  // everything, signed
  key ksk, zsk;
  rr ds;  // the DS the parent should publish for this zone
};

signed_zone sign_zone(const zone_spec& spec);

// What a parent publishes to delegate to `child`: NS and DS at its apex.
std::vector<rr> delegation(const name& child_apex, const signed_zone& child);

// A line of zones, each delegated from the one before it: `specs` from the
// root (or another anchored apex) down. Signed bottom-up; every zone's
// records go into `pool`, and `anchors` holds the DS of the first zone's KSK.
struct signed_chain {
  std::vector<signed_zone> zones;  // in the order of `specs`
  std::vector<rr> pool;
  std::vector<hrn::dns::trust_anchor> anchors;
};
signed_chain sign_chain(std::vector<zone_spec> specs);

// The type an RR speaks for: its own, or the type an RRSIG covers.
std::uint16_t covered_type(const rr& r);

// Removes every RR of (owner, type) and every RRSIG covering it.
void remove(std::vector<rr>& pool, const name& owner, std::uint16_t type);

}  // namespace zone_signer
