#include "forged_world.hpp"

#include <stdexcept>

#include "hrn/dns/rdata.hpp"
#include "test_util.hpp"

namespace forged {
namespace {

using namespace hrn::dns;
using namespace zone_signer;
using dns_test::N;

world build() {
  world w;

  zone_spec wc;
  wc.apex = N("wc.test");
  wc.algorithm = 13;
  wc.data = {
      txt(N("adam.user._bitcoin-payment.wc.test"), "bitcoin:?lno=lno1adam", 3600),
      txt(N("alice.user._bitcoin-payment.wc.test"), "bitcoin:?lno=lno1alice", 3600),
      txt(N("*.user._bitcoin-payment.wc.test"), "bitcoin:?lno=lno1catchall", 3600),
  };
  auto wcz = sign_zone(wc);

  zone_spec oow;
  oow.apex = N("oow.test");
  oow.algorithm = 15;
  oow.chain = denial::nsec3;
  oow.opt_out = true;
  oow.data = {
      txt(N("*.oow.test"), "bitcoin:?lno=lno1wildoptout"),
      txt(N("a.oow.test"), "signed data next to the opt-out span"),
      name_record(N("deleg.oow.test"), rr_type::ns, N("ns.deleg.oow.test")),
  };
  auto oowz = sign_zone(oow);

  zone_spec n3w;
  n3w.apex = N("n3w.test");
  n3w.algorithm = 15;
  n3w.chain = denial::nsec3;
  n3w.nsec3_iterations = 1;
  n3w.nsec3_salt = {0x01};
  n3w.data = {
      txt(N("*.n3w.test"), "bitcoin:?lno=lno1wildnsec3"),
      txt(N("a.n3w.test"), "signed data"),
      name_record(N("deleg.n3w.test"), rr_type::ns, N("ns.deleg.n3w.test")),
      txt(N("alice.user._bitcoin-payment.n3w.test"), "bitcoin:?lno=lno1alicensec3"),
  };
  auto n3wz = sign_zone(n3w);

  zone_spec child;
  child.apex = N("child.p.test");
  child.algorithm = 15;
  child.data = {txt(N("alice.user._bitcoin-payment.child.p.test"), "bitcoin:?lno=lno1child")};
  auto childz = sign_zone(child);

  zone_spec p;
  p.apex = N("p.test");
  p.algorithm = 13;
  p.data = {name_record(N("child.p.test"), rr_type::ns, N("ns.child.p.test")), childz.ds,
            txt(N("www.p.test"), "parent data")};
  auto pz = sign_zone(p);

  zone_spec hops;
  hops.apex = N("hops.test");
  hops.algorithm = 13;
  for (int i = 0; i < 8; ++i)
    hops.data.push_back(name_record(numbered("h", i, "hops.test"), rr_type::cname, numbered("h", i + 1, "hops.test")));
  hops.data.push_back(txt(N("h8.hops.test"), "bitcoin:?lno=lno1eighthops"));
  for (int i = 0; i < 9; ++i)
    hops.data.push_back(name_record(numbered("g", i, "hops.test"), rr_type::cname, numbered("g", i + 1, "hops.test")));
  hops.data.push_back(txt(N("g9.hops.test"), "bitcoin:?lno=lno1ninehops"));
  auto hopsz = sign_zone(hops);

  zone_spec test;
  test.apex = N("test");
  test.algorithm = 13;
  for (const auto* z : {&wcz, &oowz, &n3wz, &pz, &hopsz}) {
    auto cut = delegation(z->ds.owner, *z);
    test.data.insert(test.data.end(), cut.begin(), cut.end());
  }
  auto testz = sign_zone(test);

  zone_spec root = spec_for(name{}, 15);
  root.data = delegation(N("test"), testz);
  auto rootz = sign_zone(root);

  w.anchors = {anchor_for(name{}, rootz.ksk)};
  for (const auto* z : {&rootz, &testz, &wcz, &oowz, &n3wz, &pz, &childz, &hopsz}) append(w.pool, z->records);
  w.zones = {{".", rootz},          {"test.", testz},   {"wc.test.", wcz},           {"oow.test.", oowz},
             {"n3w.test.", n3wz},   {"p.test.", pz},    {"child.p.test.", childz},   {"hops.test.", hopsz}};
  return w;
}

}  // namespace

const zone_signer::signed_zone& world::zone(const std::string& apex) const {
  auto it = zones.find(apex);
  if (it == zones.end()) throw std::runtime_error("forged world: no zone " + apex);
  return it->second;
}

const world& get() {
  static const world w = build();
  return w;
}

void append(std::vector<rr>& to, const std::vector<rr>& from) { to.insert(to.end(), from.begin(), from.end()); }

std::vector<rr> expand(const std::vector<rr>& pool, const name& wildcard, const name& qname) {
  std::vector<rr> copies;
  for (const auto& r : pool)
    if (r.owner == wildcard && r.type != rr_type::nsec) {
      if (r.type == rr_type::rrsig && zone_signer::covered_type(r) == rr_type::nsec) continue;
      rr c = r;
      c.owner = qname;
      copies.push_back(std::move(c));
    }
  return copies;
}

std::vector<rr> rrset_of(const std::vector<rr>& pool, const name& owner, std::uint16_t type, bool with_rrsigs) {
  std::vector<rr> out;
  for (const auto& r : pool) {
    if (!(r.owner == owner)) continue;
    if (r.type == type || (with_rrsigs && r.type == rr_type::rrsig && zone_signer::covered_type(r) == type))
      out.push_back(r);
  }
  return out;
}

std::vector<rr> signed_as_wildcard(std::vector<rr> set, const key& k, const name& signer, const name& wildcard_parent) {
  const name owner = set.front().owner;
  const name wildcard = wildcard_parent.prepend("*").value();
  for (auto& r : set) r.owner = wildcard;
  rr sig = sign(set, k, signer);  // labels = label count of wildcard_parent (RFC 4034 §3.1.3)
  for (auto& r : set) r.owner = owner;
  sig.owner = owner;
  set.push_back(sig);
  return set;
}

outcome validate_both(const std::vector<rr>& pool, const std::vector<trust_anchor>& anchors, const name& qname,
                      std::uint16_t qtype, std::uint64_t now, const validation_options& options) {
  auto direct = chain_validator(anchors, options).validate(pool, qname, qtype, now);
  auto chain = serialize_auth_chain(pool);
  if (chain.size() > max_auth_chain_octets)
    throw std::runtime_error("forged world: pool does not fit in an RFC 9102 chain");
  auto via_chain = verify_chain(qname, qtype, chain, anchors, now, options);
  return {std::move(direct), std::move(via_chain)};
}

std::string describe(const hrn::result<validated_answer>& r) {
  if (!r) return "error " + r.err().code + ": " + r.err().message;
  std::string s = "ok ";
  switch (r->status) {
    case answer_status::answer: s += "answer"; break;
    case answer_status::nxdomain: s += "nxdomain"; break;
    case answer_status::nodata: s += "nodata"; break;
  }
  if (r->wildcard) s += " (wildcard)";
  for (const auto& rec : r->records)
    if (rec.type == rr_type::txt)
      if (auto parts = decode_txt(rec.rdata)) {
        s += " \"";
        for (const auto& p : *parts) s += p;
        s += "\"";
      }
  s += " min_ttl=" + std::to_string(r->min_ttl);
  return s;
}

std::string txt_of(const validated_answer& a) {
  if (a.records.size() != 1) throw std::runtime_error("forged world: expected one TXT RR");
  auto parts = decode_txt(a.records[0].rdata).value();
  std::string s;
  for (const auto& p : parts) s += p;
  return s;
}

}  // namespace forged
