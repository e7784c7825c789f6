// What socks5_connect puts on the wire, as recorded by the fake proxy.
#include <catch2/catch.hpp>

#include <string>

#include "fake_socks_proxy.hpp"

using namespace hrn;
using hrn::test::proxy_script;
using hrn::test::run_handshake;

TEST_CASE("a host name goes out as ATYP domain with its exact octets") {
  const tor::target dest{"Dns.Example.org", 853};
  auto out = run_handshake(proxy_script{}, dest, test::test_credentials());
  REQUIRE(out.finished);
  REQUIRE(out.result);
  CHECK(out.record.atyp == 0x03);
  CHECK(std::string(out.record.address.begin(), out.record.address.end()) == "Dns.Example.org");
  CHECK(out.record.port == 853);
  const bytes expected =
      test::append(test::append(bytes{0x05, 0x01, 0x00, 0x03, 15}, dest.host), "\x03\x55");
  CHECK(out.record.connect == expected);
}

TEST_CASE("an IPv4 literal goes out as ATYP IPv4") {
  const tor::target dest{"192.0.2.53", 53};
  auto out = run_handshake(proxy_script{}, dest, test::test_credentials());
  REQUIRE(out.result);
  CHECK(out.record.atyp == 0x01);
  CHECK(out.record.address == bytes{192, 0, 2, 53});
  CHECK(out.record.port == 53);
}

TEST_CASE("an IPv6 literal goes out as ATYP IPv6") {
  const tor::target dest{"2001:db8::35", 443};
  auto out = run_handshake(proxy_script{}, dest, test::test_credentials());
  REQUIRE(out.result);
  CHECK(out.record.atyp == 0x04);
  const bytes v6{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x35};
  CHECK(out.record.address == v6);
  CHECK(out.record.port == 443);
}

TEST_CASE("credentials are offered alone and sent in RFC 1929 form") {
  const tor::socks_credentials creds{"<torS0X>0", "feedface00112233"};
  const tor::target dest{"example.com", 443};
  auto out = run_handshake(proxy_script{}, dest, creds);
  REQUIRE(out.result);
  // Only USERNAME/PASSWORD: offering NO AUTH too would let the proxy skip isolation.
  CHECK(out.record.greeting == bytes{0x05, 0x01, 0x02});
  const bytes auth = test::append(
      test::append(test::append(bytes{0x01, 9}, creds.username), "\x10"), creds.password);
  CHECK(out.record.auth == auth);
  CHECK(out.record.username == creds.username);
  CHECK(out.record.password == creds.password);
}

TEST_CASE("without credentials only NO AUTH is offered and no sub-negotiation follows") {
  const tor::target dest{"example.com", 443};
  auto out = run_handshake(proxy_script{}, dest, std::nullopt);
  REQUIRE(out.result);
  CHECK(out.record.greeting == bytes{0x05, 0x01, 0x00});
  CHECK(out.record.auth.empty());
  CHECK(out.record.atyp == 0x03);
}

TEST_CASE("a host name over 255 octets is refused before anything is sent") {
  const tor::target dest{std::string(256, 'a'), 443};
  auto out = run_handshake(proxy_script{}, dest, test::test_credentials());
  REQUIRE(out.finished);
  REQUIRE_FALSE(out.result);
  CHECK(out.result.err().code == "socks_bad_target");
  CHECK(out.record.greeting.empty());
}

TEST_CASE("bad credentials are refused before anything is sent") {
  const tor::target dest{"example.com", 443};
  const tor::socks_credentials empty_password{"user", ""};
  auto out = run_handshake(proxy_script{}, dest, empty_password);
  REQUIRE_FALSE(out.result);
  CHECK(out.result.err().code == "socks_bad_credentials");
  CHECK(out.record.greeting.empty());
}
