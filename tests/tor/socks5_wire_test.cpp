// The pure SOCKS5 builders and parsers, byte by byte against RFC 1928/1929.
#include <catch2/catch.hpp>

#include <string>

#include "hrn/tor/socks5_wire.hpp"
#include "test_support.hpp"

using namespace hrn;
using namespace hrn::tor;

namespace {

template <class T>
error failure(const socks5::parse_step<T>& step) {
  REQUIRE(std::holds_alternative<error>(step));
  return std::get<error>(step);
}

template <class T>
std::size_t needs(const socks5::parse_step<T>& step) {
  REQUIRE(std::holds_alternative<socks5::need_more>(step));
  return std::get<socks5::need_more>(step).octets;
}

}  // namespace

TEST_CASE("make_endpoint sends names as names and literals as addresses") {
  auto name = socks5::make_endpoint("dns.example", 853);
  REQUIRE(name);
  CHECK(std::get<std::string>(name->addr) == "dns.example");
  CHECK(name->port == 853);

  auto v4 = socks5::make_endpoint("192.0.2.7", 53);
  REQUIRE(v4);
  CHECK(std::get<socks5::ipv4>(v4->addr) == socks5::ipv4{192, 0, 2, 7});

  auto v6 = socks5::make_endpoint("2001:db8::1", 443);
  REQUIRE(v6);
  const socks5::ipv6 expected{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  CHECK(std::get<socks5::ipv6>(v6->addr) == expected);

  // Not a strict dotted quad: it stays a name for the exit to judge.
  auto odd = socks5::make_endpoint("1.2.3", 80);
  REQUIRE(odd);
  CHECK(std::holds_alternative<std::string>(odd->addr));

  // An embedded NUL must not let the text before it pass for a literal.
  const std::string with_nul("10.0.0.1\0.evil", 14);
  auto nul = socks5::make_endpoint(with_nul, 80);
  REQUIRE(nul);
  CHECK(std::get<std::string>(nul->addr) == with_nul);
}

TEST_CASE("make_endpoint refuses what SOCKS5 cannot carry") {
  CHECK(socks5::make_endpoint("", 80).err().code == "socks_bad_target");
  CHECK(socks5::make_endpoint("a.example", 0).err().code == "socks_bad_target");
  CHECK(socks5::make_endpoint(std::string(255, 'a'), 80).ok());
  auto long_name = socks5::make_endpoint(std::string(256, 'a'), 80);
  REQUIRE_FALSE(long_name);
  CHECK(long_name.err().code == "socks_bad_target");
  CHECK(long_name.err().message.find("256") != std::string::npos);
}

TEST_CASE("greeting offers username/password only with credentials") {
  CHECK(socks5::build_greeting(true) == bytes{0x05, 0x01, 0x02});
  CHECK(socks5::build_greeting(false) == bytes{0x05, 0x01, 0x00});
}

TEST_CASE("RFC 1929 request carries counted username and password") {
  auto req = socks5::build_auth_request({"ab", "xyz"});
  REQUIRE(req);
  CHECK(*req == bytes{0x01, 2, 'a', 'b', 3, 'x', 'y', 'z'});
  CHECK(socks5::build_auth_request({"", "x"}).err().code == "socks_bad_credentials");
  CHECK(socks5::build_auth_request({"u", ""}).err().code == "socks_bad_credentials");
  CHECK(socks5::build_auth_request({std::string(256, 'u'), "p"}).err().code ==
        "socks_bad_credentials");
  CHECK(socks5::build_auth_request({std::string(255, 'u'), std::string(255, 'p')}).ok());
}

TEST_CASE("CONNECT requests for each address type") {
  auto name = socks5::make_endpoint("ab.c", 0x0135);
  REQUIRE(name);
  CHECK(socks5::build_connect_request(*name) ==
        bytes{0x05, 0x01, 0x00, 0x03, 4, 'a', 'b', '.', 'c', 0x01, 0x35});
  auto v4 = socks5::make_endpoint("10.1.2.3", 53);
  REQUIRE(v4);
  CHECK(socks5::build_connect_request(*v4) == bytes{0x05, 0x01, 0x00, 0x01, 10, 1, 2, 3, 0, 53});
  auto v6 = socks5::make_endpoint("::1", 53);
  REQUIRE(v6);
  const auto req = socks5::build_connect_request(*v6);
  REQUIRE(req.size() == 4 + 16 + 2);
  CHECK(req[3] == 0x04);
  CHECK(req[19] == 1);
}

TEST_CASE("method reply: chosen method, refusal, and protocol errors") {
  CHECK(needs(socks5::parse_method_reply({}, true)) == 2);
  const bytes one{0x05};
  CHECK(needs(socks5::parse_method_reply(one, true)) == 1);
  const bytes chose_auth{0x05, 0x02};
  CHECK(std::get<std::uint8_t>(socks5::parse_method_reply(chose_auth, true)) == 0x02);
  const bytes chose_none{0x05, 0x00};
  CHECK(std::get<std::uint8_t>(socks5::parse_method_reply(chose_none, false)) == 0x00);
  // A method that was not offered, in either direction.
  CHECK(failure(socks5::parse_method_reply(chose_none, true)).code == "socks_protocol");
  CHECK(failure(socks5::parse_method_reply(chose_auth, false)).code == "socks_protocol");
  const bytes gssapi{0x05, 0x01};
  CHECK(failure(socks5::parse_method_reply(gssapi, true)).code == "socks_protocol");
  const bytes refused{0x05, 0xFF};
  CHECK(failure(socks5::parse_method_reply(refused, true)).code == "socks_no_acceptable_method");
  const bytes socks4{0x04, 0x02};
  CHECK(failure(socks5::parse_method_reply(socks4, true)).code == "socks_protocol");
}

TEST_CASE("auth reply: success, rejection, wrong version") {
  CHECK(needs(socks5::parse_auth_reply({})) == 2);
  const bytes ok{0x01, 0x00};
  CHECK(std::holds_alternative<unit>(socks5::parse_auth_reply(ok)));
  const bytes rejected{0x01, 0x01};
  CHECK(failure(socks5::parse_auth_reply(rejected)).code == "socks_auth_failed");
  const bytes wrong_version{0x05, 0x00};
  CHECK(failure(socks5::parse_auth_reply(wrong_version)).code == "socks_protocol");
}

TEST_CASE("CONNECT reply is read exactly as far as its address type says") {
  const bytes v4{0x05, 0x00, 0x00, 0x01, 127, 0, 0, 1, 0x23, 0x28};
  for (std::size_t n = 0; n < v4.size(); ++n)
    CHECK(needs(socks5::parse_connect_reply(byte_view(v4).first(n))) ==
          (n < 4 ? 4 - n : v4.size() - n));
  auto r = std::get<socks5::connect_reply>(socks5::parse_connect_reply(v4));
  CHECK(r.size == 10);
  CHECK(r.bound.port == 9000);
  CHECK(std::get<socks5::ipv4>(r.bound.addr) == socks5::ipv4{127, 0, 0, 1});

  // Bytes after the reply are the application's and are not looked at.
  bytes with_data = v4;
  with_data.push_back('x');
  CHECK(std::get<socks5::connect_reply>(socks5::parse_connect_reply(with_data)).size == 10);

  const bytes name{0x05, 0x00, 0x00, 0x03, 3, 'a', '.', 'b', 0, 80};
  CHECK(needs(socks5::parse_connect_reply(byte_view(name).first(4))) == 1);
  CHECK(needs(socks5::parse_connect_reply(byte_view(name).first(5))) == 5);
  auto rn = std::get<socks5::connect_reply>(socks5::parse_connect_reply(name));
  CHECK(std::get<std::string>(rn.bound.addr) == "a.b");
  CHECK(rn.size == name.size());

  bytes v6{0x05, 0x00, 0x00, 0x04};
  v6.resize(4 + 16 + 2, 0);
  CHECK(needs(socks5::parse_connect_reply(byte_view(v6).first(4))) == 18);
  CHECK(std::get<socks5::connect_reply>(socks5::parse_connect_reply(v6)).size == 22);
}

TEST_CASE("malformed CONNECT replies are socks_protocol") {
  const bytes bad_version{0x04, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
  const bytes bad_reserved{0x05, 0x00, 0x01, 0x01, 0, 0, 0, 0, 0, 0};
  const bytes bad_atyp{0x05, 0x00, 0x00, 0x02, 0, 0, 0, 0, 0, 0};
  const bytes empty_name{0x05, 0x00, 0x00, 0x03, 0, 0, 0};
  for (const auto& reply : {bad_version, bad_reserved, bad_atyp, empty_name})
    CHECK(failure(socks5::parse_connect_reply(reply)).code == "socks_protocol");
}

TEST_CASE("every REP code has its typed error") {
  // The known codes, and two unassigned ones that fall back to general failure.
  std::vector<std::pair<std::uint8_t, const char*>> table(std::begin(hrn::tor::testing::failure_replies),
                                                          std::end(hrn::tor::testing::failure_replies));
  table.emplace_back(0x09, "socks_general_failure");
  table.emplace_back(0xF8, "socks_general_failure");
  for (const auto& [rep, code] : table) {
    INFO("REP " << int(rep));
    // The failure is known from the header alone: no need to wait for BND.ADDR.
    const bytes header{0x05, rep, 0x00, 0x01};
    const error e = failure(socks5::parse_connect_reply(header));
    CHECK(e.code == code);
    CHECK_FALSE(e.message.empty());
    CHECK(e.message.find('\n') == std::string::npos);
  }
}
