#include <catch2/catch.hpp>

#include "hrn/dns/transport/upstream.hpp"

using hrn::dns::parse_upstream;
using hrn::dns::upstream;

TEST_CASE("upstream URLs: tcp and https forms") {
  auto t = parse_upstream("tcp://127.0.0.1:5300");
  REQUIRE(t);
  CHECK(t->proto == upstream::protocol::tcp);
  CHECK(t->host == "127.0.0.1");
  CHECK(t->port == 5300);
  CHECK(t->to_string() == "tcp://127.0.0.1:5300");

  auto h = parse_upstream("https://dns.example/dns-query");
  REQUIRE(h);
  CHECK(h->proto == upstream::protocol::https);
  CHECK(h->host == "dns.example");
  CHECK(h->port == 443);
  CHECK(h->path == "/dns-query");

  auto h6 = parse_upstream("https://[::1]:8443/q");
  REQUIRE(h6);
  CHECK(h6->host == "::1");
  CHECK(h6->port == 8443);
  CHECK(h6->to_string() == "https://[::1]:8443/q");
  CHECK(h6->authority() == "[::1]:8443");
  CHECK(h->authority() == "dns.example");
}

TEST_CASE("upstream URLs: plain http only for onion services") {
  const std::string onion = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion";
  auto o = parse_upstream("http://" + onion + "/dns-query");
  REQUIRE(o);
  CHECK(o->proto == upstream::protocol::http);
  CHECK(o->port == 80);
  CHECK(o->is_onion());
  CHECK(o->authority() == onion);
  CHECK(o->to_string() == "http://" + onion + ":80/dns-query");
  auto o2 = parse_upstream("http://" + onion + ":8053/q");
  REQUIRE(o2);
  CHECK(o2->authority() == onion + ":8053");
  auto tls_onion = parse_upstream("https://" + onion + "/dns-query");
  REQUIRE(tls_onion);
  CHECK(tls_onion->is_onion());
  for (const char* url : {"http://dns.example/dns-query", "http://127.0.0.1:8053/dns-query",
                          "http://onion/q", "http://x.onion.example/q"}) {
    INFO(url);
    auto r = parse_upstream(url);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == "bad_upstream");
    CHECK(r.err().message.find(".onion") != std::string::npos);
  }
}

TEST_CASE("bad upstream URLs are refused with bad_upstream") {
  for (const char* url : {"", "udp://1.2.3.4:53", "tcp://1.2.3.4", "tcp://1.2.3.4:53/x",
                          "https://dns.example", "https://dns.example:0/q", "https:///q",
                          "https://dns.example/q q", "tcp://:53"}) {
    INFO(url);
    auto r = parse_upstream(url);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == "bad_upstream");
  }
}
