#pragma once
// A lookup dispatcher for tests of what sits above the network (the answer
// service, the router): it answers from a script, counts its calls and can
// take its time, instead of resolving anything.

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <catch2/catch.hpp>

#include "hrn/resolve/dispatcher.hpp"

namespace test_support {

inline constexpr std::uint64_t t0 = 1'800'000'000;

// The BOLT 12 test vector "with description" (a real, valid offer).
inline constexpr const char* real_offer =
    "lno1pgx9getnwss8vetrw3hhyuckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg";

inline hrn::resolve::bip353_resolution found_answer(std::uint32_t ttl, std::string uri = "bitcoin:?lno=lno1abc",
                                                    std::string offer = "lno1abc") {
  hrn::resolve::bip353_resolution r;
  r.found = true;
  r.instructions.emplace();
  r.instructions->uri = std::move(uri);
  r.instructions->offer_text = std::move(offer);
  r.ttl = ttl;
  r.expires = t0 + 30 * 86400;
  r.proof = hrn::bytes(100, 0xab);
  return r;
}

struct fake_dispatcher final : hrn::resolve::lookup_dispatcher {
  std::vector<hrn::result<hrn::resolve::bip353_resolution>> script;  // in order; the last repeats
  unsigned calls = 0;
  std::chrono::milliseconds delay{0};
  boost::asio::awaitable<hrn::result<hrn::resolve::bip353_resolution>> dispatch(hrn::name::address a) override {
    namespace asio = boost::asio;
    ++calls;
    CHECK(a.short_code.empty());  // the code is the payer's, never part of the lookup
    if (delay.count() > 0) {
      asio::steady_timer t(co_await asio::this_coro::executor, delay);
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    co_return script[std::min<std::size_t>(calls - 1, script.size() - 1)];
  }
};

}  // namespace test_support
