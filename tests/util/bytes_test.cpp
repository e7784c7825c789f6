#include <catch2/catch.hpp>

#include "hrn/util/bytes.hpp"

using hrn::bytes;

TEST_CASE("hex round-trips and rejects bad digits") {
  const bytes data{0x00, 0x7f, 0x80, 0xff};
  CHECK(hrn::to_hex(data) == "007f80ff");
  CHECK(hrn::from_hex("007F80ff") == data);
  CHECK_FALSE(hrn::from_hex("0"));
  CHECK_FALSE(hrn::from_hex("0g"));
  CHECK(hrn::from_hex_lenient("00 7f\n80\tff") == data);
  CHECK(hrn::from_hex("")->empty());
}

TEST_CASE("base64 follows RFC 4648 test vectors") {
  // RFC 4648 §10
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},          {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, encoded] : cases) {
    CHECK(hrn::to_base64(hrn::as_bytes(plain)) == encoded);
    auto back = hrn::from_base64(encoded);
    REQUIRE(back);
    CHECK(std::string(back->begin(), back->end()) == plain);
  }
}

TEST_CASE("base64 rejects malformed and non-canonical text") {
  CHECK_FALSE(hrn::from_base64("Zg="));      // length not a multiple of 4
  CHECK_FALSE(hrn::from_base64("Zh=="));     // stray low bits before padding
  CHECK_FALSE(hrn::from_base64("Zm9=Zm9v"));  // padding in the middle
  CHECK_FALSE(hrn::from_base64("Zm9v\n"));   // whitespace
  CHECK_FALSE(hrn::from_base64("Z=9v"));
  CHECK_FALSE(hrn::from_base64("Zm-v"));     // URL-safe alphabet is not base64
}
