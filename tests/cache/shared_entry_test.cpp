// The shared (Redis) entry format: round trip, and every kind of damage a
// stranger with write access to Redis can do is an error value, never a
// crash or an allocation larger than the bytes read.
#include <catch2/catch.hpp>

#include <string>

#include "hrn/cache/errors.hpp"
#include "hrn/cache/shared_entry.hpp"

using namespace hrn::cache;
using hrn::bytes;

namespace {

shared_entry sample() {
  shared_entry e;
  e.stored_at = 1'800'000'000;
  e.expires_at = e.stored_at + 300;
  e.stale_until = e.expires_at + 3600;
  e.found = true;
  e.uri = "bitcoin:?lno=lno1qsgqmqvgm96frzdg8m0gc6nzeqffvzsqzrxqy32afmr3jn9ggkwg3egfwch2hy0l6jut6vfd8vpsc3h89l6u3dm4q2d6nuamav3w27xvdmv3lpgklhg7l5teypqz9l53hj7zvuaenh34xqsz2sa967yzqkylfu9xtcd5ymcmfp32h083e805y7jfd236w9afhavqqvl8uyma7x77yun4ehe9pnhu2gekjguexmxpqjcr2j822xr7q34p078gzslf9wpwz5y57alxu99s0z2ql0kfqvwhzycqq45ehh58xnfpuek80hw6spvwrvttjrrq9pphh0dpydh06qqspp5uq4gpyt6n9mwexde44qv7lstzzq60nr40ff38u27un6y53aypmx0p4qruk2tf9mjwqlhxak4znvna5y";
  e.chain = bytes(700);
  for (std::size_t i = 0; i < e.chain.size(); ++i) e.chain[i] = static_cast<std::uint8_t>(i * 13);
  return e;
}

bytes encoded(const shared_entry& e) {
  auto b = encode_shared_entry(e);
  REQUIRE(b);
  return *b;
}

}  // namespace

TEST_CASE("shared entry: round trip, found and absent") {
  const auto e = sample();
  auto back = decode_shared_entry(encoded(e));
  REQUIRE(back);
  CHECK(*back == e);

  shared_entry absent;
  absent.stored_at = 10;
  absent.expires_at = 70;
  absent.stale_until = 70;
  absent.chain = bytes{1, 2, 3};
  auto back2 = decode_shared_entry(encoded(absent));
  REQUIRE(back2);
  CHECK(*back2 == absent);
}

TEST_CASE("shared entry: every truncation is malformed, never a crash") {
  const auto b = encoded(sample());
  for (std::size_t n = 0; n < b.size(); ++n) {
    auto r = decode_shared_entry(hrn::byte_view(b).first(n));
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::shared_entry_malformed);
  }
}

TEST_CASE("shared entry: damage is refused with what is wrong") {
  auto b = encoded(sample());
  SECTION("another format version") {
    b[0] = 2;
    auto r = decode_shared_entry(b);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == errc::shared_entry_unsupported_version);
    CHECK(r.err().message.find("version 2") != std::string::npos);
  }
  SECTION("trailing bytes") {
    b.push_back(0);
    auto r = decode_shared_entry(b);
    REQUIRE_FALSE(r);
    CHECK(r.err().message.find("after its chain") != std::string::npos);
  }
  SECTION("times out of order") {
    b[1] = 0xff;  // stored_at far in the future: after expires_at
    auto r = decode_shared_entry(b);
    REQUIRE_FALSE(r);
    CHECK(r.err().message.find("out of order") != std::string::npos);
  }
  SECTION("found flag not 0 or 1") {
    b[25] = 7;
    auto r = decode_shared_entry(b);
    REQUIRE_FALSE(r);
    CHECK(r.err().message.find("found flag") != std::string::npos);
  }
  SECTION("an absent name with a URI") {
    b[25] = 0;
    auto r = decode_shared_entry(b);
    REQUIRE_FALSE(r);
    CHECK(r.err().message.find("carries a URI") != std::string::npos);
  }
  SECTION("a chain length past 64 KiB is refused before anything is allocated") {
    const auto e = sample();
    const std::size_t at = 1 + 24 + 1 + 2 + e.uri.size();
    b[at] = 0x7f;  // ~2 GiB declared
    auto r = decode_shared_entry(b);
    REQUIRE_FALSE(r);
    CHECK(r.err().message.find("64 KiB") != std::string::npos);
  }
}

TEST_CASE("shared entry: what the format cannot hold is not written") {
  auto e = sample();
  e.chain = bytes(shared_entry_max_chain + 1);
  CHECK_FALSE(encode_shared_entry(e));
  e = sample();
  e.expires_at = e.stored_at - 1;
  CHECK_FALSE(encode_shared_entry(e));
}
