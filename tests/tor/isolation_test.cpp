// Isolation tokens: fresh ones differ, copies are the same token.
#include <catch2/catch.hpp>

#include <set>

#include "hrn/tor/isolation.hpp"

using hrn::tor::isolation_token;

TEST_CASE("two fresh isolation tokens have different credentials") {
  auto a = isolation_token::fresh();
  auto b = isolation_token::fresh();
  REQUIRE(a);
  REQUIRE(b);
  CHECK_FALSE(*a == *b);
  CHECK(a->credentials() != b->credentials());
  CHECK(a->credentials().password != b->credentials().password);
}

TEST_CASE("a copied isolation token shares its credentials") {
  auto a = isolation_token::fresh();
  REQUIRE(a);
  const isolation_token copy = *a;
  CHECK(copy == *a);
  CHECK(copy.credentials() == a->credentials());
  CHECK(&copy.credentials() == &a->credentials());
}

TEST_CASE("isolation credentials use tor's SOCKS auth extension format") {
  auto a = isolation_token::fresh();
  REQUIRE(a);
  // torspec socks-extensions: "<torS0X>0", the password is the isolation string.
  CHECK(a->credentials().username == "<torS0X>0");
  const auto& password = a->credentials().password;
  CHECK(password.size() == 32);  // 16 random octets in hex
  CHECK(password.find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("many fresh isolation tokens never repeat") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto t = isolation_token::fresh();
    REQUIRE(t);
    seen.insert(t->credentials().password);
  }
  CHECK(seen.size() == 1000);
}
