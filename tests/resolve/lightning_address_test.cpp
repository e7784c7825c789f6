// The fallback's pure parts in resolve/: the --methods value, and what the
// cache keeps of an lnurl answer.
#include <catch2/catch.hpp>

#include "hrn/cache/answer.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/errors.hpp"
#include "hrn/resolve/lightning_address.hpp"

using namespace hrn;

TEST_CASE("parse_methods: bip353, optionally with lnurl (the --methods value)") {
  CHECK_FALSE(resolve::parse_methods("bip353")->lnurl);
  CHECK(resolve::parse_methods("bip353,lnurl")->lnurl);
  CHECK(resolve::parse_methods("lnurl,bip353")->lnurl);
  for (const char* bad : {"", "lnurl", "bip353,", ",bip353", "bip353,bip353", "bip353,lnurl,lnurl", "BIP353",
                          "bip353, lnurl", "bip353,dane"}) {
    INFO(bad);
    auto r = resolve::parse_methods(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == resolve::errc::bad_methods);
  }
}

TEST_CASE("an lnurl resolution becomes an lnurl cache entry with BIP 353's absence proof") {
  resolve::bip353_resolution r;
  r.found = false;
  r.ttl = 120;
  r.expires = 2'000'000'000;
  r.proof = bytes(50, 7);
  lnurl::pay_request p;
  p.callback = "https://example.com/cb";
  p.callback_host = "example.com";
  p.min_sendable = 1;
  p.max_sendable = 2;
  p.metadata = R"([["text/plain","x"]])";
  p.description = std::string(1, 'x');  // (a literal here trips g++ 12's -Wrestrict bug 105329)
  r.lightning_address = p;
  auto entry = resolve::to_cache_answer(r);
  CHECK_FALSE(entry->found);
  CHECK(entry->chain == r.proof);
  REQUIRE(entry->lightning_address);
  CHECK(*entry->lightning_address == p);
  CHECK(entry->offer().empty());
  CHECK(entry->payload_bytes() == r.proof.size() + p.payload_bytes());
  // Its TTL is the proof's, like a negative entry's.
  const auto times = resolve::cache_times_of(r, cache::ttl_policy{}, 1'900'000'000);
  CHECK(times.ttl == 120);
  r.lightning_address.reset();
  CHECK_FALSE(resolve::to_cache_answer(r)->lightning_address);
}
