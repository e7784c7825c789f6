#include <catch2/catch.hpp>

#include "hrn/util/host_port.hpp"

TEST_CASE("host:port forms are parsed without resolving") {
  auto a = hrn::parse_host_port("127.0.0.1:8080");
  REQUIRE(a);
  CHECK(a->host == "127.0.0.1");
  CHECK(a->port == 8080);
  auto b = hrn::parse_host_port("[::1]:9050");
  REQUIRE(b);
  CHECK(b->host == "::1");
  CHECK(b->to_string() == "[::1]:9050");
  auto c = hrn::parse_host_port("dns.example:853");
  REQUIRE(c);
  CHECK(c->host == "dns.example");
}

TEST_CASE("bad host:port gets a bad_address error") {
  for (const char* text : {"", "127.0.0.1", ":80", "host:", "host:65536", "host:8a", "::1:80",
                           "[::1]80", "[::1", "ho st:80"}) {
    INFO(text);
    auto r = hrn::parse_host_port(text);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == "bad_address");
  }
}

TEST_CASE("IP literals are told apart from names") {
  CHECK(hrn::host_port{"127.0.0.1", 1}.is_ip_literal());
  CHECK(hrn::host_port{"::1", 1}.is_ip_literal());
  CHECK_FALSE(hrn::host_port{"localhost", 1}.is_ip_literal());
  CHECK_FALSE(hrn::host_port{"1.2.3", 1}.is_ip_literal());
}
