#pragma once
// Catch2 checks shared by the forged_*_test.cpp files: a forged pool must be
// refused with one error code both by chain_validator::validate and through
// the RFC 9102 path (verify_chain); a genuine pool must validate both ways,
// and its reported proof alone must validate to the same outcome.

#include <catch2/catch.hpp>

#include "forged_world.hpp"

namespace forged {

inline void expect_refused(const outcome& o, const std::string& code) {
  {
    INFO("chain_validator::validate: " << describe(o.direct));
    CHECK_FALSE(o.direct.ok());
    if (!o.direct.ok()) CHECK(o.direct.err().code == code);
  }
  {
    INFO("verify_chain (RFC 9102): " << describe(o.rfc9102));
    CHECK_FALSE(o.rfc9102.ok());
    if (!o.rfc9102.ok()) CHECK(o.rfc9102.err().code == code);
  }
}

// Both paths validate; returns the direct answer.
inline hrn::dns::validated_answer expect_valid(const outcome& o, const std::vector<hrn::dns::trust_anchor>& anchors,
                                                std::uint64_t now = zone_signer::now) {
  INFO("chain_validator::validate: " << describe(o.direct));
  INFO("verify_chain (RFC 9102): " << describe(o.rfc9102));
  REQUIRE(o.direct.ok());
  REQUIRE(o.rfc9102.ok());
  CHECK(o.rfc9102->status == o.direct->status);
  CHECK(o.rfc9102->records == o.direct->records);
  auto alone = hrn::dns::verify_chain(o.direct->qname, o.direct->qtype,
                                      hrn::dns::serialize_auth_chain(o.direct->proof), anchors, now);
  INFO("the reported proof alone: " << describe(alone));
  REQUIRE(alone.ok());
  CHECK(alone->status == o.direct->status);
  CHECK(alone->records == o.direct->records);
  return *o.direct;
}

}  // namespace forged
