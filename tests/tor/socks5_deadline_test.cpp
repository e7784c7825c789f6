// A proxy that stops answering at any step of the handshake is cut off at the
// deadline, with upstream_timeout naming the step.
#include <catch2/catch.hpp>

#include <string>

#include "fake_socks_proxy.hpp"

using namespace hrn;
using namespace std::chrono_literals;
using hrn::test::proxy_script;
using hrn::test::stall;

namespace {

constexpr auto deadline = 300ms;

void check_times_out_at(stall step, const char* step_words, bool with_credentials = true) {
  proxy_script script;
  script.stall_at = step;
  const tor::target dest{"stall.example", 443};
  std::optional<tor::socks_credentials> creds;
  if (with_credentials) creds = test::test_credentials();
  auto out = test::run_handshake(script, dest, creds, deadline);
  REQUIRE(out.finished);
  REQUIRE_FALSE(out.result);
  CHECK(out.result.err().code == "upstream_timeout");
  CHECK(out.result.err().message.find(step_words) != std::string::npos);
  CHECK(out.elapsed >= deadline);
  CHECK(out.elapsed < deadline + 250ms);
}

}  // namespace

TEST_CASE("deadline: proxy stalls right after accepting") {
  check_times_out_at(stall::after_accept, "answer the greeting");
}

TEST_CASE("deadline: proxy stalls after reading the greeting") {
  check_times_out_at(stall::after_greeting, "answer the greeting");
}

TEST_CASE("deadline: proxy stalls in the middle of the method reply") {
  check_times_out_at(stall::mid_method_reply, "answer the greeting");
}

TEST_CASE("deadline: proxy stalls after reading the credentials") {
  check_times_out_at(stall::after_auth, "answer the credentials");
}

TEST_CASE("deadline: proxy stalls in the middle of the auth reply") {
  check_times_out_at(stall::mid_auth_reply, "answer the credentials");
}

TEST_CASE("deadline: proxy stalls after reading the CONNECT request") {
  check_times_out_at(stall::after_connect_request, "answer the CONNECT request");
  check_times_out_at(stall::after_connect_request, "answer the CONNECT request", false);
}

TEST_CASE("deadline: proxy stalls in the middle of the CONNECT reply") {
  check_times_out_at(stall::mid_reply, "answer the CONNECT request");
}

TEST_CASE("deadline: one deadline covers the whole handshake") {
  // A deadline already past fails at once, before any wait starts.
  proxy_script script;
  const tor::target dest{"late.example", 443};
  auto out = test::run_handshake(script, dest, test::test_credentials(), 0ms);
  REQUIRE(out.finished);
  REQUIRE_FALSE(out.result);
  CHECK(out.result.err().code == "upstream_timeout");
  CHECK(out.elapsed < 100ms);
}
