// The control client against a fake control port (fake_control_port.hpp)
// that checks what a real tor checks: authentication, command syntax, reply
// shapes, and a port that stalls or is not tor at all.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "fake_control_port.hpp"
#include "hrn/tor/control.hpp"
#include "test_support.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
using hrn::tor::control_connection;

namespace {

std::filesystem::path temp_dir() { return hrn::tor::testing::temp_dir("hrn-ctl"); }

std::string write_cookie(const std::filesystem::path& dir, const hrn::bytes& cookie) {
  const auto path = dir / "control_auth_cookie";
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(cookie.data()),
                                              static_cast<std::streamsize>(cookie.size()));
  return path.string();
}

void rethrow(std::exception_ptr e) {
  if (e) std::rethrow_exception(e);
}

// Runs `body` against a fake control port; the whole test is bounded in time.
template <class Body>
void with_fake(fake_tor::settings s, Body body) {
  asio::io_context io;
  fake_tor::server fake(io, std::move(s));
  bool done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    co_await body(fake, io.get_executor());
    done = true;
    io.stop();  // the fake's accept loop would keep the loop busy until run_for ends
  }, rethrow);
  io.run_for(10s);
  CHECK(done);
}

hrn::tor::control_options options_for(const fake_tor::server& fake) {
  hrn::tor::control_options o;
  o.address = fake.address();
  o.timeout = 2s;
  return o;
}

}  // namespace

TEST_CASE("control: SAFECOOKIE is preferred, and both HMACs are right") {
  const auto dir = temp_dir();
  fake_tor::settings s;
  s.cookie = hrn::bytes(32, 0x17);
  s.cookie_file = write_cookie(dir, s.cookie);
  with_fake(s, [](fake_tor::server& fake, asio::any_io_executor ex) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, options_for(fake));
    REQUIRE(c);
    CHECK(c->auth_method() == hrn::tor::control_auth::safecookie);
    CHECK(c->tor_info().tor_version == "0.4.9.11");
    CHECK(fake.saw_valid_safecookie);
    REQUIRE(fake.commands.size() == 3);
    CHECK(fake.commands[0] == "PROTOCOLINFO 1");
    CHECK(fake.commands[1].rfind("AUTHCHALLENGE SAFECOOKIE ", 0) == 0);
    CHECK(fake.commands[1].size() == 25 + 64);  // a 32-byte client nonce in hex
    CHECK(fake.commands[2].size() == 13 + 64);
  });
  std::filesystem::remove_all(dir);
}

TEST_CASE("control: a port that cannot prove it knows the cookie gets nothing") {
  const auto dir = temp_dir();
  fake_tor::settings s;
  s.cookie_file = write_cookie(dir, s.cookie);
  s.lie_in_server_hash = true;
  with_fake(s, [](fake_tor::server& fake, asio::any_io_executor ex) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, options_for(fake));
    REQUIRE_FALSE(c);
    CHECK(c.err().code == "tor_auth_failed");
    CHECK(c.err().message.find("SAFECOOKIE proof") != std::string::npos);
    CHECK(fake.commands.size() == 2);  // no AUTHENTICATE was sent
  });
  std::filesystem::remove_all(dir);
}

TEST_CASE("control: COOKIE sends the cookie in hex, and a wrong cookie is tor_auth_failed") {
  const auto dir = temp_dir();
  fake_tor::settings s;
  s.methods = "COOKIE";
  s.cookie_file = write_cookie(dir, s.cookie);
  with_fake(s, [&](fake_tor::server& fake, asio::any_io_executor ex) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, options_for(fake));
    REQUIRE(c);
    CHECK(c->auth_method() == hrn::tor::control_auth::cookie);
    CHECK(fake.commands.back() == "AUTHENTICATE " + hrn::to_hex(fake.config().cookie));

    fake.config().cookie = hrn::bytes(32, 0x99);  // tor rewrote its cookie
    auto wrong = co_await control_connection::connect(ex, options_for(fake));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.err().code == "tor_auth_failed");
    CHECK(wrong.err().message.find("515") != std::string::npos);
  });
  std::filesystem::remove_all(dir);
}

TEST_CASE("control: cookie problems are explained") {
  const auto dir = temp_dir();
  fake_tor::settings s;
  s.cookie_file = (dir / "missing_cookie").string();
  with_fake(s, [&](fake_tor::server& fake, asio::any_io_executor ex) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, options_for(fake));
    REQUIRE_FALSE(c);
    CHECK(c.err().code == "tor_auth_failed");
    CHECK(c.err().message.find("missing_cookie") != std::string::npos);

    // §3.21: a file that is not 32 bytes is never used as a cookie.
    std::ofstream(dir / "short_cookie") << "short";
    auto o = options_for(fake);
    o.cookie_file = (dir / "short_cookie").string();
    auto short_one = co_await control_connection::connect(ex, o);
    REQUIRE_FALSE(short_one);
    CHECK(short_one.err().message.find("not 32") != std::string::npos);
  });
  std::filesystem::remove_all(dir);
}

TEST_CASE("control: HASHEDPASSWORD sends the password quoted, NULL a bare AUTHENTICATE") {
  fake_tor::settings s;
  s.methods = "HASHEDPASSWORD";
  s.password = "pa\"ss\\word";
  with_fake(s, [](fake_tor::server& fake, asio::any_io_executor ex) -> asio::awaitable<void> {
    auto none = co_await control_connection::connect(ex, options_for(fake));
    REQUIRE_FALSE(none);
    CHECK(none.err().code == "tor_auth_failed");
    CHECK(none.err().message.find("password") != std::string::npos);

    auto o = options_for(fake);
    o.password = "pa\"ss\\word";
    auto c = co_await control_connection::connect(ex, o);
    REQUIRE(c);
    CHECK(c->auth_method() == hrn::tor::control_auth::hashed_password);
    CHECK(fake.commands.back() == "AUTHENTICATE \"pa\\\"ss\\\\word\"");

    fake.config().methods = "NULL";
    auto open = co_await control_connection::connect(ex, options_for(fake));
    REQUIRE(open);
    CHECK(open->auth_method() == hrn::tor::control_auth::null);
    CHECK(fake.commands.back() == "AUTHENTICATE");
  });
}

TEST_CASE("control: GETINFO values, multi-line data, bootstrap phase and 552 errors") {
  fake_tor::settings s;
  s.methods = "NULL";
  with_fake(s, [](fake_tor::server& fake, asio::any_io_executor ex) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, options_for(fake));
    REQUIRE(c);
    std::vector<std::string> keys{"version", "circuit-status", "stream-status"};
    auto values = co_await c->get_info(keys);
    REQUIRE(values);
    REQUIRE(values->size() == 3);
    CHECK((*values)[0] == std::pair<std::string, std::string>{"version", "0.4.9.11"});
    // The data block, dot-unstuffed (§2.4).
    CHECK((*values)[1].second == "1 BUILT $AA~a,$BB~b PURPOSE=GENERAL\n.dot line\n2 EXTENDED $CC~c\n");
    CHECK((*values)[2].second.empty());
    CHECK(fake.commands.back() == "GETINFO version circuit-status stream-status");

    auto phase = co_await c->bootstrap_status();
    REQUIRE(phase);
    CHECK(phase->progress == 14);
    CHECK(phase->tag == "handshake");
    CHECK(phase->summary == "Handshaking with a relay");
    CHECK(phase->problem);
    CHECK(phase->warning == "No route to host");
    CHECK(phase->recommendation == "warn");
    CHECK(phase->host_addr == "192.0.2.1:443");

    auto bad = co_await c->get_info_value("no/such/key");
    REQUIRE_FALSE(bad);
    CHECK(bad.err().code == "tor_control_error");
    CHECK(bad.err().message.find("552 Unrecognized key") != std::string::npos);
    CHECK(c->is_open());  // a refused command does not end the connection

    auto injected = co_await c->get_info_value("version\r\nSIGNAL SHUTDOWN");
    REQUIRE_FALSE(injected);
    CHECK(injected.err().code == "bad_argument");
    CHECK(fake.commands.back() == "GETINFO no/such/key");
  });
}

TEST_CASE("control: events between a command and its reply go to subscribers") {
  fake_tor::settings s;
  s.methods = "NULL";
  s.event_before_reply = true;
  with_fake(s, [](fake_tor::server& fake, asio::any_io_executor ex) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, options_for(fake));
    REQUIRE(c);
    std::vector<std::string> events{"STATUS_CLIENT"};
    auto events_on = co_await c->enable_events(events);  // not inside CHECK: g++ 12
    REQUIRE(events_on);
    CHECK(fake.commands.back() == "SETEVENTS STATUS_CLIENT");
    std::vector<hrn::tor::bootstrap_phase> seen;
    c->subscribe([&](const hrn::tor::control_reply& e) {
      if (auto p = hrn::tor::parse_bootstrap_event(e)) seen.push_back(*p);
    });
    auto version = co_await c->get_info_value("version");
    REQUIRE(version);
    CHECK(*version == "0.4.9.11");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].progress == 50);
    CHECK_FALSE(seen[0].problem);
  });
}

TEST_CASE("control: a stalled control port gives tor_control_timeout, a dead one tor_control_unavailable") {
  fake_tor::settings s;
  s.methods = "NULL";
  s.stall_getinfo = true;
  with_fake(s, [](fake_tor::server& fake, asio::any_io_executor ex) -> asio::awaitable<void> {
    auto o = options_for(fake);
    o.timeout = 300ms;
    auto c = co_await control_connection::connect(ex, o);
    REQUIRE(c);
    const auto t0 = std::chrono::steady_clock::now();
    auto r = co_await c->get_info_value("version");
    const auto waited = std::chrono::steady_clock::now() - t0;
    REQUIRE_FALSE(r);
    CHECK(r.err().code == "tor_control_timeout");
    CHECK(r.err().message.find("GETINFO") != std::string::npos);
    CHECK(waited >= 300ms);
    CHECK(waited < 2s);

    // A port nobody listens on.
    asio::ip::tcp::acceptor closed(ex, {asio::ip::make_address("127.0.0.1"), 0});
    o.address = {"127.0.0.1", closed.local_endpoint().port()};
    closed.close();
    auto refused = co_await control_connection::connect(ex, o);
    REQUIRE_FALSE(refused);
    CHECK(refused.err().code == "tor_control_unavailable");

    o.address = {"localhost", 9051};  // never resolved
    auto named = co_await control_connection::connect(ex, o);
    REQUIRE_FALSE(named);
    CHECK(named.err().code == "bad_address");
  });
}

TEST_CASE("control: a port that is not tor's control port is a protocol error") {
  asio::io_context io;
  asio::ip::tcp::acceptor http(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = http.local_endpoint().port();
  bool done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    auto [ec, s] = co_await http.async_accept(fake_tor::nothrow);
    // What tor's SocksPort says to anything that is not SOCKS.
    std::string answer = "HTTP/1.0 501 Tor is not an HTTP Proxy\r\nContent-Type: text/html\r\n\r\n";
    co_await asio::async_write(s, asio::buffer(answer), fake_tor::nothrow);
    std::string sink(64, '\0');
    co_await s.async_read_some(asio::buffer(sink), fake_tor::nothrow);
  }, asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    hrn::tor::control_options o;
    o.address = {"127.0.0.1", port};
    o.timeout = 2s;
    auto c = co_await control_connection::connect(io.get_executor(), o);
    REQUIRE_FALSE(c);
    CHECK(c.err().code == "tor_control_protocol");
    CHECK(c.err().message.find("ControlPort") != std::string::npos);
    done = true;
  }, rethrow);
  io.run_for(5s);
  CHECK(done);
}

TEST_CASE("control: the SAFECOOKIE hashes match independently computed HMAC-SHA256 values") {
  hrn::bytes cookie(32), client(32, 0xaa), server(32, 0x55);
  for (std::size_t i = 0; i < 32; ++i) cookie[i] = static_cast<std::uint8_t>(i);
  const auto h = hrn::tor::compute_safecookie_hashes(cookie, client, server);
  // Computed with Python's hmac module from the key strings of control-spec §3.24.
  CHECK(hrn::to_hex(h.server_to_controller) ==
        "5f7cb5569957c99373e329258545940f029af175da225f4a3125eebf30c24bba");
  CHECK(hrn::to_hex(h.controller_to_server) ==
        "9f99f2c4b75c91123ca5c6c6e3f76a9ef7fbd9471053cbe34454a4269cc39f7c");
}

TEST_CASE("control: dropping the connection mid-command fails that command cleanly") {
  fake_tor::settings s;
  s.methods = "NULL";
  s.stall_getinfo = true;
  with_fake(s, [](fake_tor::server& fake, asio::any_io_executor ex) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, options_for(fake));
    REQUIRE(c);
    // As managed_tor does when tor restarts under a caller's feet.
    auto owned = std::make_unique<control_connection>(std::move(*c));
    std::optional<hrn::result<std::string>> got;
    asio::co_spawn(ex, [&]() -> asio::awaitable<void> {
      auto r = co_await owned->get_info_value("version");
      got.emplace(std::move(r));
    }, rethrow);
    asio::steady_timer t(ex);
    t.expires_after(50ms);
    co_await t.async_wait(asio::use_awaitable);
    CHECK_FALSE(got);
    owned.reset();
    t.expires_after(50ms);
    co_await t.async_wait(asio::use_awaitable);
    REQUIRE(got);
    REQUIRE_FALSE(*got);
    CHECK(got->err().code == "tor_control_unavailable");
  });
}
