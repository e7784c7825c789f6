// LUD-16's URL path: only the characters the spec allows reach the request.
#include <catch2/catch.hpp>

#include "hrn/lnurl/errors.hpp"
#include "hrn/lnurl/lightning_address.hpp"

using namespace hrn;

TEST_CASE("LUD-16 target for allowed users", "[lnurl]") {
  CHECK(*lnurl::well_known_target("alice") == "/.well-known/lnurlp/alice");
  CHECK(*lnurl::well_known_target("a.b-c_d+tag9") == "/.well-known/lnurlp/a.b-c_d+tag9");
}

TEST_CASE("users LUD-16 does not allow are refused before any fetch", "[lnurl]") {
  for (const char* user : {"", "Alice", "a/b", "a%2f", "a?b", "a#b", "a b", ".", "..", "caf\xc3\xa9", "a\r\nX: y"}) {
    INFO(user);
    auto r = lnurl::well_known_target(user);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == lnurl::errc::lnurl_bad_user);
  }
}
