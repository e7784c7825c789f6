// The pure reply parser (control_wire.hpp) on tricky replies.
#include <catch2/catch.hpp>

#include "hrn/tor/control_wire.hpp"

using namespace hrn::tor;

namespace {

// Feeds `bytes` in pieces of `step` and returns every reply, or the error.
hrn::result<std::vector<control_reply>> read_all(std::string_view bytes, std::size_t step,
                                                 std::size_t max = default_max_control_reply_bytes) {
  control_reply_reader reader(max);
  std::vector<control_reply> out;
  for (std::size_t i = 0; i < bytes.size(); i += step) {
    reader.feed(bytes.substr(i, step));
    for (;;) {
      auto next = reader.next();
      if (!next) return std::move(next).err();
      if (!*next) break;
      out.push_back(std::move(**next));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("control wire: replies split at any byte come out whole") {
  const std::string bytes =
      "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"/var/lib/tor/"
      "control_auth_cookie\"\r\n250-VERSION Tor=\"0.4.9.11\"\r\n250 OK\r\n"
      "650 STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED\r\n"
      "250+circuit-status=\r\n1 BUILT\r\n\r\n..leading dot\r\n.\r\n250 OK\r\n";
  for (std::size_t step : {1u, 2u, 7u, 1000u}) {
    auto replies = read_all(bytes, step);
    REQUIRE(replies);
    REQUIRE(replies->size() == 3);
    const auto& pi = (*replies)[0];
    CHECK(pi.status == 250);
    CHECK(pi.lines.size() == 4);
    CHECK(pi.end_text() == "OK");
    CHECK((*replies)[1].is_event());
    const auto& data = (*replies)[2];
    REQUIRE(data.lines.size() == 2);
    CHECK(data.lines[0].kind == '+');
    // An empty data line stays, and ".." loses its escaping dot (§2.4).
    CHECK(data.lines[0].data == "1 BUILT\n\n.leading dot\n");
    CHECK(read_all(serialize_control_reply(data), 3)->front() == data);
  }
}

TEST_CASE("control wire: bare LF endings and a lone status code are accepted") {
  auto replies = read_all("250-a=b\n250\n", 100);
  REQUIRE(replies);
  REQUIRE(replies->size() == 1);
  CHECK(replies->front().lines[0].text == "a=b");
  CHECK(replies->front().lines[1].text.empty());
}

TEST_CASE("control wire: malformed framing is tor_control_protocol, and stays an error") {
  for (const char* bad : {"HTTP/1.0 501 Tor is not an HTTP Proxy\r\n", "25 OK\r\n", "250*OK\r\n",
                          "2x0 OK\r\n"}) {
    auto r = read_all(bad, 100);
    REQUIRE_FALSE(r);
    CHECK(r.err().code == "tor_control_protocol");
  }
  control_reply_reader reader;
  reader.feed("junk\r\n");
  CHECK_FALSE(reader.next());
  reader.feed("250 OK\r\n");
  CHECK_FALSE(reader.next());  // no resync after garbage
}

TEST_CASE("control wire: oversized replies are refused before they are complete") {
  auto long_line = read_all("250-" + std::string(2000, 'x'), 64, 1024);
  REQUIRE_FALSE(long_line);
  CHECK(long_line.err().message.find("1024") != std::string::npos);
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "250-\r\n";
  auto too_many = read_all(many, 4096);
  REQUIRE_FALSE(too_many);
  CHECK(too_many.err().code == "tor_control_protocol");
}

TEST_CASE("control wire: quoted strings use tor's CString escapes") {
  std::size_t pos = 0;
  auto s = parse_quoted_string(R"("a\"b\\c\n\t\r\101\0x\7" rest)", pos);
  REQUIRE(s);
  CHECK(*s == std::string("a\"b\\c\n\t\rA\0x\7", 12));
  CHECK(pos == 24);
  pos = 0;
  CHECK_FALSE(parse_quoted_string("\"unterminated\\\"", pos));
  pos = 0;
  auto q = quote_string("pa\"ss\\");
  CHECK(q == R"("pa\"ss\\")");
  auto back = parse_quoted_string(q, pos);
  CHECK(*back == "pa\"ss\\");
}

TEST_CASE("control wire: arguments keep bare words, quoted words and KEY=VALUE apart") {
  auto a = parse_control_arguments(
      R"(HS_DESC UPLOADED abc UNKNOWN $AAAA=nick REASON=X SUMMARY="with spaces" "quoted word")");
  REQUIRE(a);
  CHECK(a->positional == std::vector<std::string>{"HS_DESC", "UPLOADED", "abc", "UNKNOWN",
                                                   "$AAAA=nick", "quoted word"});
  REQUIRE(a->find("reason"));
  CHECK(*a->find("REASON") == "X");
  CHECK(*a->find("Summary") == "with spaces");
  CHECK_FALSE(parse_control_arguments(R"(KEY="glued"x)"));
}

TEST_CASE("control wire: PROTOCOLINFO methods, cookie path with escapes, unknown lines ignored") {
  auto r = read_all("250-PROTOCOLINFO 1\r\n250-FUTURE thing\r\n"
                    "250-AUTH METHODS=COOKIE,SAFECOOKIE,HASHEDPASSWORD COOKIEFILE=\"/tmp/a \\\"b\\\"\"\r\n"
                    "250-VERSION Tor=\"0.4.9.11\" extra\r\n250 OK\r\n", 100);
  REQUIRE(r);
  auto pi = parse_protocol_info(r->front());
  REQUIRE(pi);
  CHECK(pi->auth_methods == std::vector<std::string>{"COOKIE", "SAFECOOKIE", "HASHEDPASSWORD"});
  CHECK(pi->offers("SAFECOOKIE"));
  CHECK_FALSE(pi->offers("NULL"));
  CHECK(pi->cookie_file == "/tmp/a \"b\"");
  CHECK(pi->tor_version == "0.4.9.11");
  auto no_auth = read_all("250-PROTOCOLINFO 1\r\n250 OK\r\n", 100);
  CHECK_FALSE(parse_protocol_info(no_auth->front()));
}

TEST_CASE("control wire: AUTHCHALLENGE needs both 32-byte values") {
  const std::string hash(64, 'A'), nonce(64, '0');
  auto ok = read_all("250 AUTHCHALLENGE SERVERHASH=" + hash + " SERVERNONCE=" + nonce + "\r\n", 100);
  auto c = parse_auth_challenge(ok->front());
  REQUIRE(c);
  CHECK(c->server_hash[0] == 0xAA);
  auto short_nonce = read_all("250 AUTHCHALLENGE SERVERHASH=" + hash + " SERVERNONCE=00\r\n", 100);
  CHECK_FALSE(parse_auth_challenge(short_nonce->front()));
  auto refused = read_all("513 Invalid base16 client nonce\r\n", 100);
  auto e = parse_auth_challenge(refused->front());
  REQUIRE_FALSE(e);
  CHECK(e.err().code == "tor_control_error");
  CHECK(e.err().message.find("513 Invalid base16") != std::string::npos);
}

TEST_CASE("control wire: bootstrap phases from GETINFO and from events") {
  auto p = parse_bootstrap_phase(
      R"(WARN BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY="Handshaking with a relay" WARNING="DONE" REASON=DONE COUNT=15 RECOMMENDATION=warn HOSTID="5797" HOSTADDR="64.95.10.169:19001")");
  REQUIRE(p);
  CHECK(p->problem);
  CHECK(p->progress == 14);
  CHECK(p->count == 15);
  CHECK(p->host_addr == "64.95.10.169:19001");
  auto done = parse_bootstrap_phase(R"(NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done")");
  REQUIRE(done);
  CHECK_FALSE(done->problem);
  CHECK_FALSE(done->warning);
  CHECK_FALSE(parse_bootstrap_phase("NOTICE BOOTSTRAP PROGRESS=101 TAG=x"));
  CHECK_FALSE(parse_bootstrap_phase("NOTICE CLOCK_JUMPED TIME=5"));

  auto ev = read_all("650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=45 TAG=requesting_descriptors "
                     "SUMMARY=\"Asking for relay descriptors\"\r\n650 STATUS_GENERAL NOTICE CLOCK_JUMPED TIME=9\r\n",
                     100);
  REQUIRE(ev->size() == 2);
  auto b = parse_bootstrap_event((*ev)[0]);
  REQUIRE(b);
  CHECK(b->summary == "Asking for relay descriptors");
  CHECK_FALSE(parse_bootstrap_event((*ev)[1]));
}

TEST_CASE("control wire: ADD_ONION replies and HS_DESC events") {
  const std::string id = "zvyatiurfgbwncp7hq3c37dadhnd6xwceasmaj2m33mmjdehokdmlmid";
  const std::string key = "ED25519-V3:8DghNx6F5NbqffqMw+LNpVBRDFiVIea6bx+RlfY3tFhs53KY5Nr/HO44iS28iW5Re9IJRaTgIBRtbm+ZKh6PDQ==";
  auto r = read_all("250-ServiceID=" + id + "\r\n250-PrivateKey=" + key + "\r\n250 OK\r\n", 100);
  auto added = parse_add_onion(r->front());
  REQUIRE(added);
  CHECK(added->service_id == id);
  CHECK(added->private_key == key);
  auto injected = read_all("250-ServiceID=" + id + "\r\n250-PrivateKey=ED25519-V3:a b\r\n250 OK\r\n", 100);
  CHECK_FALSE(parse_add_onion(injected->front()));
  auto no_id = read_all("250 OK\r\n", 100);
  auto e = parse_add_onion(no_id->front());
  REQUIRE_FALSE(e);
  CHECK(e.err().code == "tor_control_error");

  auto ev = read_all("650 HS_DESC UPLOADED " + id + " UNKNOWN $ABCD~hsdir1\r\n", 100);
  auto hs = parse_hs_desc_event(ev->front());
  REQUIRE(hs);
  CHECK(hs->action == "UPLOADED");
  CHECK(hs->address == id);
  CHECK(hs->hs_dir == "$ABCD~hsdir1");
  CHECK_FALSE(is_v3_service_id(id.substr(1)));
  CHECK_FALSE(is_v3_service_id(std::string(55, 'a') + "1"));
}

TEST_CASE("control wire: 515 is tor_auth_failed, other refusals tor_control_error") {
  auto r = read_all("515 Authentication failed: Password did not match HashedControlPassword value.\r\n", 100);
  auto e = control_reply_error(r->front(), "AUTHENTICATE");
  CHECK(e.code == "tor_auth_failed");
  CHECK(e.message.find("515 Authentication failed") != std::string::npos);
  auto r2 = read_all("552 Unrecognized entity\r\n", 100);
  CHECK(control_reply_error(r2->front(), "DEL_ONION").code == "tor_control_error");
}
