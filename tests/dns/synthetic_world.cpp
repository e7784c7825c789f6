#include "synthetic_world.hpp"

#include "hrn/dns/rdata.hpp"
#include "test_util.hpp"

namespace synthetic {
namespace {

using namespace hrn::dns;
using namespace zone_signer;
using dns_test::N;

void append(std::vector<rr>& to, const std::vector<rr>& from) { to.insert(to.end(), from.begin(), from.end()); }

// What a server answers for a name matched by a wildcard (RFC 4592 §3.3.1,
// RFC 4035 §3.1.3.3): the wildcard's RRsets and RRSIGs, owner replaced.
void expand(std::vector<rr>& pool, const name& wildcard, const name& qname) {
  std::vector<rr> copies;
  for (const auto& r : pool)
    if (r.owner == wildcard && r.type != rr_type::nsec) {
      if (r.type == rr_type::rrsig && zone_signer::covered_type(r) == rr_type::nsec) continue;
      rr c = r;
      c.owner = qname;
      copies.push_back(std::move(c));
    }
  append(pool, copies);
}

signed_zone example_zone(const sign_options& o) {
  zone_spec z;
  z.apex = N("example.test");
  z.algorithm = 8;
  z.signing = o;
  z.data = {
      txt(N("user._bitcoin-payment.example.test"), "bitcoin:?lno=lno1example", 600),
      txt(N("*.wild.example.test"), "from the wildcard"),
      txt(N("sub.wild.example.test"), "a real name below the wildcard's parent"),
      name_record(N("alias.example.test"), rr_type::cname, N("user._bitcoin-payment.example.test"), 120),
      name_record(N("cross.example.test"), rr_type::cname, N("a.n3.test")),
      name_record(N("loop1.example.test"), rr_type::cname, N("loop2.example.test")),
      name_record(N("loop2.example.test"), rr_type::cname, N("loop1.example.test")),
      name_record(N("d.example.test"), rr_type::dname, N("n3.test")),
      name_record(N("*.wc.example.test"), rr_type::cname, N("user._bitcoin-payment.example.test")),
  };
  return sign_zone(z);
}

world build(const sign_options& example_signing) {
  world w;
  auto example = example_zone(example_signing);

  zone_spec n3;
  n3.apex = N("n3.test");
  n3.algorithm = 14;
  n3.chain = denial::nsec3;
  n3.nsec3_iterations = 5;
  n3.nsec3_salt = {0xab, 0xcd};
  n3.data = {txt(N("a.n3.test"), "nsec3 a"), txt(N("*.w.n3.test"), "nsec3 wildcard"),
             txt(N("deep.ent.n3.test"), "below an empty non-terminal")};
  auto n3z = sign_zone(n3);

  zone_spec oo;
  oo.apex = N("optout.test");
  oo.algorithm = 15;
  oo.chain = denial::nsec3;
  oo.opt_out = true;
  oo.data = {txt(N("a.optout.test"), "signed"), name_record(N("u.optout.test"), rr_type::ns, N("ns.u.optout.test"))};
  auto ooz = sign_zone(oo);

  zone_spec hi;
  hi.apex = N("hi.test");
  hi.algorithm = 15;
  hi.chain = denial::nsec3;
  hi.nsec3_iterations = 2501;
  hi.data = {txt(N("a.hi.test"), "hi")};
  auto hiz = sign_zone(hi);

  zone_spec a10;
  a10.apex = N("alg10.test");
  a10.algorithm = 10;
  a10.data = {txt(N("a.alg10.test"), "rsa sha-512")};
  auto a10z = sign_zone(a10);

  ds_rdata alg5{12345, 5, 2, bytes(32, 0x55)};
  zone_spec test;
  test.apex = N("test");
  test.algorithm = 13;
  test.data = {name_record(N("example.test"), rr_type::ns, N("ns.example.test")), example.ds,
               name_record(N("n3.test"), rr_type::ns, N("ns.n3.test")), n3z.ds,
               name_record(N("optout.test"), rr_type::ns, N("ns.optout.test")), ooz.ds,
               name_record(N("hi.test"), rr_type::ns, N("ns.hi.test")), hiz.ds,
               name_record(N("alg10.test"), rr_type::ns, N("ns.alg10.test")), a10z.ds,
               name_record(N("unsigned.test"), rr_type::ns, N("ns.unsigned.test")),
               name_record(N("alg5.test"), rr_type::ns, N("ns.alg5.test")),
               record(N("alg5.test"), rr_type::ds, encode_ds(alg5), 3600)};
  auto testz = sign_zone(test);

  zone_spec root = spec_for(name{}, 15);
  root.data = delegation(N("test"), testz);
  auto rootz = sign_zone(root);

  w.anchors = {anchor_for(name{}, rootz.ksk)};
  for (const auto* z : {&rootz, &testz, &example, &n3z, &ooz, &hiz, &a10z}) append(w.pool, z->records);
  expand(w.pool, N("*.wild.example.test"), N("x.wild.example.test"));
  expand(w.pool, N("*.wc.example.test"), N("anything.wc.example.test"));
  expand(w.pool, N("*.w.n3.test"), N("x.w.n3.test"));
  // Unsigned data in the unsigned zones.
  w.pool.push_back(txt(N("a.unsigned.test"), "no signatures here"));
  w.pool.push_back(txt(N("a.u.optout.test"), "no signatures here either"));
  w.root_records = rootz.records;
  return w;
}

}  // namespace

const world& get() {
  static const world w = build({});
  return w;
}

world with_example_signing(const sign_options& o) { return build(o); }

}  // namespace synthetic
