#pragma once
// A second signed tree (zone_signer.hpp, keys made at test time) for the
// attacker-built tests (forged_*_test.cpp). It is separate from
// synthetic_world.hpp so that adding zones here changes nothing there.
//
//   .                 Ed25519, NSEC         anchor: its KSK
//   test.             ECDSA P-256, NSEC     delegations below
//   wc.test           ECDSA P-256, NSEC     BIP 353 users adam, alice and a
//                                           catch-all *.user._bitcoin-payment
//   oow.test          Ed25519, NSEC3 opt-out   *.oow.test, a.oow.test, and the
//                                              unsigned delegation deleg.oow.test
//   n3w.test          Ed25519, NSEC3 (no opt-out) the same, plus user alice
//   p.test            ECDSA P-256, NSEC     parent of the signed child.p.test
//   child.p.test      Ed25519, NSEC         user alice
//   hops.test         ECDSA P-256, NSEC     CNAME chains h0..h8 (8 hops) and
//                                           g0..g9 (9 hops), each ending in TXT
//
// Every TXT RR of wc.test has TTL 3600.

#include <map>
#include <string>
#include <vector>

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/validator.hpp"
#include "zone_signer.hpp"

namespace forged {

struct world {
  std::vector<hrn::dns::rr> pool;  // every zone, signed (no wildcard expansions: tests add those)
  std::vector<hrn::dns::trust_anchor> anchors;
  std::map<std::string, zone_signer::signed_zone> zones;  // by apex text ("wc.test.")
  const zone_signer::signed_zone& zone(const std::string& apex) const;
};

const world& get();

// What an authoritative server answers for `qname` matched by `wildcard`
// (RFC 4592 §3.3.1, RFC 4035 §3.1.3.3): the wildcard's RRsets other than
// NSEC and their RRSIGs, owner replaced. The RRSIGs are the genuine ones.
std::vector<hrn::dns::rr> expand(const std::vector<hrn::dns::rr>& pool, const hrn::dns::name& wildcard,
                                 const hrn::dns::name& qname);

// The records (and RRSIGs) of (owner, type) in `pool`.
std::vector<hrn::dns::rr> rrset_of(const std::vector<hrn::dns::rr>& pool, const hrn::dns::name& owner,
                                   std::uint16_t type, bool with_rrsigs = true);

// `set` re-owned at `*.<wildcard_parent>` and signed there by `k` as `signer`
// (RRSIG labels = label count of wildcard_parent), then both the RRs and the
// RRSIG moved back to the original owner: an RRset whose genuine signature
// says "synthesised from a wildcard".
std::vector<hrn::dns::rr> signed_as_wildcard(std::vector<hrn::dns::rr> set, const zone_signer::key& k,
                                             const hrn::dns::name& signer,
                                             const hrn::dns::name& wildcard_parent);

void append(std::vector<hrn::dns::rr>& to, const std::vector<hrn::dns::rr>& from);

// Runs the validator on `pool` both directly and as an RFC 9102 chain
// (serialize_auth_chain + verify_chain); the two must agree.
struct outcome {
  hrn::result<hrn::dns::validated_answer> direct;
  hrn::result<hrn::dns::validated_answer> rfc9102;
};
outcome validate_both(const std::vector<hrn::dns::rr>& pool, const std::vector<hrn::dns::trust_anchor>& anchors,
                      const hrn::dns::name& qname, std::uint16_t qtype, std::uint64_t now = zone_signer::now,
                      const hrn::dns::validation_options& options = {});

// "ok <status>" or the error code, for messages.
std::string describe(const hrn::result<hrn::dns::validated_answer>& r);

// The joined strings of the single TXT RR of an answer.
std::string txt_of(const hrn::dns::validated_answer& a);

}  // namespace forged
