#pragma once
// A small signed DNS tree built once per test run (see zone_signer.hpp):
//
//   .            Ed25519, NSEC           anchor: its KSK
//   test.        ECDSA P-256, NSEC       delegations below, signed and not
//   example.test RSA/SHA-256, NSEC       TXT, wildcard, CNAMEs, DNAME
//   n3.test      ECDSA P-384, NSEC3 (5 iterations, salt abcd)
//   optout.test  Ed25519, NSEC3 opt-out  u.optout.test unsigned
//   hi.test      Ed25519, NSEC3 2501 iterations (above the limit)
//   alg10.test   RSA/SHA-512, NSEC
//   unsigned.test   delegation without DS
//   alg5.test       delegation whose only DS uses algorithm 5 (RSA/SHA-1)

#include <vector>

#include "hrn/dns/validator.hpp"
#include "zone_signer.hpp"

namespace synthetic {

struct world {
  std::vector<hrn::dns::rr> pool;
  std::vector<hrn::dns::trust_anchor> anchors;
  std::vector<hrn::dns::rr> root_records;  // for building variants
};

const world& get();
// Rebuilds the world with one zone's signing options changed (e.g. expired).
world with_example_signing(const zone_signer::sign_options& o);

}  // namespace synthetic
