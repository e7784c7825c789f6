#include <catch2/catch.hpp>

#include "hrn/blocks/errors.hpp"
#include "hrn/blocks/source_spec.hpp"

using namespace hrn::blocks;

TEST_CASE("an esplora spec keeps host, port and path as written") {
  auto s = parse_source_spec("esplora:https://blockstream.info/api");
  REQUIRE(s.ok());
  CHECK(s->kind == source_kind::esplora);
  CHECK(s->tls);
  CHECK(s->host == "blockstream.info");
  CHECK(s->port == 443);
  CHECK(s->path == "/api");

  auto p = parse_source_spec("esplora:https://esplora.test:8443/");
  REQUIRE(p.ok());
  CHECK(p->port == 8443);
  CHECK(p->path.empty());

  auto v6 = parse_source_spec("esplora:https://[2001:db8::1]:444/api/");
  REQUIRE(v6.ok());
  CHECK(v6->host == "2001:db8::1");
  CHECK(v6->port == 444);
  CHECK(v6->path == "/api");
}

TEST_CASE("plain http is an esplora option only for an onion service") {
  auto onion = parse_source_spec("esplora:http://explorerzydxu5ecjrkwceayqybizmpjjznk5izmitf2modhcusuqlid.onion/api");
  REQUIRE(onion.ok());
  CHECK_FALSE(onion->tls);
  CHECK(onion->port == 80);
  auto clear = parse_source_spec("esplora:http://blockstream.info/api");
  REQUIRE_FALSE(clear.ok());
  CHECK(clear.err().code == errc::bad_block_source);
  CHECK(clear.err().message.find("onion") != std::string::npos);
  CHECK_FALSE(parse_source_spec("esplora:http://onion/api").ok());
}

TEST_CASE("a bitcoind spec must be a loopback IP literal over http") {
  auto s = parse_source_spec("bitcoind:http://127.0.0.1:8332");
  REQUIRE(s.ok());
  CHECK(s->kind == source_kind::bitcoind);
  CHECK(s->port == 8332);
  CHECK(parse_source_spec("bitcoind:http://127.0.0.1")->port == 8332);
  CHECK(parse_source_spec("bitcoind:http://127.8.9.10:18443").ok());
  CHECK(parse_source_spec("bitcoind:http://[::1]:8332").ok());
  for (const auto* bad : {"bitcoind:http://localhost:8332", "bitcoind:http://10.0.0.2:8332",
                          "bitcoind:http://[2001:db8::1]:8332", "bitcoind:https://127.0.0.1:8332",
                          "bitcoind:http://node.example:8332"}) {
    INFO(bad);
    auto r = parse_source_spec(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::bad_block_source);
  }
  const auto why = parse_source_spec("bitcoind:http://localhost:8332").err().message;
  CHECK(why.find("loopback") != std::string::npos);
}

TEST_CASE("malformed specs are refused with a reason") {
  for (const auto* bad :
       {"", "esplora", "esplora:", "esplora:ftp://x/y", "electrum:https://x/api", "esplora:https://",
        "esplora:https://:443/api", "esplora:https://host:0/api", "esplora:https://host:65536/api",
        "esplora:https://host:/api", "esplora:https://host:12ab/api", "esplora:https://user:pw@host/api",
        "esplora:https://host/api?x=1", "esplora:https://host/api#f", "esplora:https://ho st/api",
        "esplora:https://host/a\r\nb", "esplora:https://[::1/api", "esplora:https://[host]/api",
        "esplora:https://-host/api", "bitcoind:http://user:pw@127.0.0.1:8332"}) {
    INFO(bad);
    auto r = parse_source_spec(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::bad_block_source);
    CHECK_FALSE(r.err().message.empty());
  }
  // Credentials in a URL are never echoed back in the message.
  CHECK(parse_source_spec("bitcoind:http://u:secret@127.0.0.1").err().message.find("secret") == std::string::npos);
}
