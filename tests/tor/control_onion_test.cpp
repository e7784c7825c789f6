// ADD_ONION with a key kept in the state directory, against the fake
// control port: the address must survive a restart, and the key file must
// be private and never replaced.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

#include "fake_control_port.hpp"
#include "hrn/tor/control.hpp"
#include "test_support.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
using hrn::tor::control_connection;

namespace {

std::filesystem::path temp_dir() { return hrn::tor::testing::temp_dir("hrn-onion"); }

void rethrow(std::exception_ptr e) {
  if (e) std::rethrow_exception(e);
}

template <class Body>
void with_fake(fake_tor::settings s, Body body) {
  asio::io_context io;
  fake_tor::server fake(io, std::move(s));
  bool done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    hrn::tor::control_options o;
    o.address = fake.address();
    o.timeout = 2s;
    co_await body(fake, io.get_executor(), o);
    done = true;
    io.stop();  // the fake's accept loop would keep the loop busy until run_for ends
  }, rethrow);
  io.run_for(10s);
  CHECK(done);
}

hrn::tor::onion_request request_in(const std::filesystem::path& state_dir) {
  hrn::tor::onion_request r;
  r.ports.push_back({80, {"127.0.0.1", 8080}});
  r.state_dir = state_dir;
  return r;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fake_tor::settings null_auth() {
  fake_tor::settings s;
  s.methods = "NULL";
  return s;
}

}  // namespace

TEST_CASE("onion: the first run stores the new key 0600, later runs send it back") {
  const auto dir = temp_dir();
  const auto state_dir = dir / "state";  // created on demand
  with_fake(null_auth(), [&](fake_tor::server& fake, asio::any_io_executor ex,
                             hrn::tor::control_options o) -> asio::awaitable<void> {
    std::string first_id;
    {
      auto c = co_await control_connection::connect(ex, o);
      REQUIRE(c);
      auto added = co_await c->add_onion(request_in(state_dir));
      REQUIRE(added);
      CHECK(added->new_key);
      CHECK(hrn::tor::is_v3_service_id(added->service_id));
      CHECK(added->address() == added->service_id + ".onion");
      first_id = added->service_id;
      // HS_DESC first, so the upload event cannot be missed; no DiscardPK.
      REQUIRE(fake.commands.size() >= 2);
      CHECK(fake.commands[fake.commands.size() - 2] == "SETEVENTS HS_DESC");
      CHECK(fake.commands.back() == "ADD_ONION NEW:ED25519-V3 Port=80,127.0.0.1:8080");
    }
    const auto key_file = hrn::tor::onion_key_path(state_dir);
    struct stat st {};
    REQUIRE(::stat(key_file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const std::string stored = read_file(key_file);
    CHECK(stored.rfind("ED25519-V3:", 0) == 0);
    CHECK(stored.back() == '\n');
    CHECK(hrn::tor::is_ed25519_v3_key(stored.substr(0, stored.size() - 1)));

    // A restart: a new connection sends the stored key and gets the same address.
    auto c2 = co_await control_connection::connect(ex, o);
    REQUIRE(c2);
    auto again = co_await c2->add_onion(request_in(state_dir));
    REQUIRE(again);
    CHECK_FALSE(again->new_key);
    CHECK(again->service_id == first_id);
    CHECK(fake.commands.back() == "ADD_ONION " + stored.substr(0, stored.size() - 1) +
                                      " Port=80,127.0.0.1:8080");
    CHECK(read_file(key_file) == stored);

    auto removed = co_await c2->del_onion(first_id);  // not inside CHECK: g++ 12
    REQUIRE(removed);
    CHECK(fake.commands.back() == "DEL_ONION " + first_id);
  });
  std::filesystem::remove_all(dir);
}

TEST_CASE("onion: a key file others may read, or a malformed one, is refused before ADD_ONION") {
  const auto dir = temp_dir();
  const auto key_file = hrn::tor::onion_key_path(dir);
  with_fake(null_auth(), [&](fake_tor::server& fake, asio::any_io_executor ex,
                             hrn::tor::control_options o) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, o);
    REQUIRE(c);
    std::ofstream(key_file) << "ED25519-V3:" << std::string(86, 'A') << "==\n";
    ::chmod(key_file.c_str(), 0644);
    auto open = co_await c->add_onion(request_in(dir));
    REQUIRE_FALSE(open);
    CHECK(open.err().code == "onion_key_unusable");
    CHECK(open.err().message.find("chmod 600") != std::string::npos);

    std::ofstream(key_file, std::ios::trunc) << "RSA1024:abc\n";
    ::chmod(key_file.c_str(), 0600);
    auto bad = co_await c->add_onion(request_in(dir));
    REQUIRE_FALSE(bad);
    CHECK(bad.err().code == "onion_key_unusable");
    for (const auto& cmd : fake.commands) CHECK(cmd.rfind("ADD_ONION", 0) != 0);
    // The bad file is left alone: replacing it would change the address.
    CHECK(read_file(key_file) == "RSA1024:abc\n");
  });
  std::filesystem::remove_all(dir);
}

TEST_CASE("onion: without a state directory the address is throw-away (DiscardPK)") {
  with_fake(null_auth(), [&](fake_tor::server& fake, asio::any_io_executor ex,
                             hrn::tor::control_options o) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, o);
    REQUIRE(c);
    auto added = co_await c->add_onion(request_in({}));
    REQUIRE(added);
    CHECK(fake.commands.back() == "ADD_ONION NEW:ED25519-V3 Flags=DiscardPK Port=80,127.0.0.1:8080");
    hrn::tor::onion_request no_ports;
    auto none = co_await c->add_onion(no_ports);
    REQUIRE_FALSE(none);
    CHECK(none.err().code == "bad_argument");
  });
}

TEST_CASE("onion: wait_for_publication returns on HS_DESC UPLOADED, even if it came early") {
  const auto dir = temp_dir();
  fake_tor::settings s = null_auth();
  s.upload_after_add = true;
  with_fake(s, [&](fake_tor::server&, asio::any_io_executor ex,
                   hrn::tor::control_options o) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, o);
    REQUIRE(c);
    auto added = co_await c->add_onion(request_in(dir));
    REQUIRE(added);
    const auto t0 = std::chrono::steady_clock::now();
    auto published = co_await c->wait_for_publication(added->service_id, 3s);
    CHECK(published);
    CHECK(std::chrono::steady_clock::now() - t0 < 1s);

    auto other = co_await c->wait_for_publication(std::string(56, 'a'), 100ms);
    REQUIRE_FALSE(other);
    CHECK(other.err().code == "bad_argument");  // not a service of this connection
  });
  std::filesystem::remove_all(dir);
}

TEST_CASE("onion: an event that never comes is tor_control_timeout") {
  const auto dir = temp_dir();
  with_fake(null_auth(), [&](fake_tor::server&, asio::any_io_executor ex,
                             hrn::tor::control_options o) -> asio::awaitable<void> {
    auto c = co_await control_connection::connect(ex, o);
    REQUIRE(c);
    auto added = co_await c->add_onion(request_in(dir));
    REQUIRE(added);
    auto published = co_await c->wait_for_publication(added->service_id, 200ms);
    REQUIRE_FALSE(published);
    CHECK(published.err().code == "tor_control_timeout");
    CHECK(published.err().message.find(added->service_id) != std::string::npos);
  });
  std::filesystem::remove_all(dir);
}
