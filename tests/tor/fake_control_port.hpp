#pragma once
// A fake tor control port for tests: accepts connections on 127.0.0.1, records
// every command line, and answers the way control-spec.txt says tor does
// (PROTOCOLINFO, AUTHCHALLENGE with real HMACs, AUTHENTICATE, GETINFO,
// SETEVENTS, ADD_ONION, DEL_ONION). Knobs make it misbehave on purpose.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "hrn/util/bytes.hpp"
#include "hrn/util/host_port.hpp"

namespace fake_tor {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
inline constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

struct settings {
  std::string methods = "COOKIE,SAFECOOKIE";
  std::string cookie_file;                 // named in PROTOCOLINFO
  hrn::bytes cookie = hrn::bytes(32, 0x42);  // what tor "wrote" there
  std::string password;                    // accepted by HASHEDPASSWORD
  bool lie_in_server_hash = false;         // an impostor that does not know the cookie
  bool stall_getinfo = false;              // never answer GETINFO
  bool event_before_reply = false;         // a 650 between GETINFO and its reply
  bool upload_after_add = false;           // 650 HS_DESC UPLOADED after ADD_ONION
};

// HMAC-SHA256 computed here, independently of the client's code.
inline hrn::bytes hmac(std::string_view key, const hrn::bytes& msg) {
  hrn::bytes out(32);
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), msg.data(), msg.size(), out.data(), &n);
  return out;
}

// A made-up but stable key -> service id map: the same key gives the same id.
inline std::string service_id_for(const std::string& key) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  static const char* alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  std::string id;
  for (int i = 0; i < 56; ++i) id.push_back(alphabet[digest[i % 32] >> (i % 3) & 31]);
  return id;
}

inline std::string unquote(std::string_view q) {
  std::string out;
  for (std::size_t i = 1; i + 1 < q.size(); ++i) {
    if (q[i] == '\\' && i + 2 < q.size()) ++i;
    out.push_back(q[i]);
  }
  return out;
}

class server {
 public:
  server(asio::io_context& io, settings s)
      : io_(io), acceptor_(io, {asio::ip::make_address("127.0.0.1"), 0}), s_(std::move(s)) {
    asio::co_spawn(io, accept_loop(), asio::detached);
  }
  hrn::host_port address() const { return {"127.0.0.1", acceptor_.local_endpoint().port()}; }
  settings& config() { return s_; }
  std::vector<std::string> commands;  // every line received, in order
  int connections = 0;
  bool saw_valid_safecookie = false;

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(nothrow);
      if (ec) co_return;
      ++connections;
      asio::co_spawn(io_, session(std::make_shared<tcp::socket>(std::move(socket))), asio::detached);
    }
  }

  // What the fake says to one command: chunks written in order (an event and
  // a reply are separate writes), then possibly a hang-up.
  struct answer {
    std::vector<std::string> chunks;
    bool hang_up = false;
  };

  struct session_state {
    hrn::bytes client_nonce;
    hrn::bytes server_nonce = hrn::bytes(32, 0x5a);
  };

  hrn::bytes safecookie_message(const session_state& st) const {
    hrn::bytes msg = s_.cookie;
    msg.insert(msg.end(), st.client_nonce.begin(), st.client_nonce.end());
    msg.insert(msg.end(), st.server_nonce.begin(), st.server_nonce.end());
    return msg;
  }

  answer respond(const std::string& line, session_state& st) {
    const std::string verb = line.substr(0, line.find(' '));
    const std::string arg = line.size() > verb.size() ? line.substr(verb.size() + 1) : "";
    answer a;
    auto say = [&](std::string text) { a.chunks.push_back(std::move(text)); };
    if (verb == "PROTOCOLINFO") {
      say("250-PROTOCOLINFO 1\r\n250-AUTH METHODS=" + s_.methods +
          (s_.cookie_file.empty() ? "" : " COOKIEFILE=\"" + s_.cookie_file + "\"") +
          "\r\n250-VERSION Tor=\"0.4.9.11\"\r\n250 OK\r\n");
    } else if (verb == "AUTHCHALLENGE") {
      st.client_nonce = *hrn::from_hex(arg.substr(arg.find(' ') + 1));
      auto server_hash = hmac("Tor safe cookie authentication server-to-controller hash",
                              safecookie_message(st));
      if (s_.lie_in_server_hash) server_hash[0] ^= 1;
      say("250 AUTHCHALLENGE SERVERHASH=" + hrn::to_hex(server_hash) +
          " SERVERNONCE=" + hrn::to_hex(st.server_nonce) + "\r\n");
    } else if (verb == "AUTHENTICATE") {
      bool good = false;
      if (!st.client_nonce.empty()) {
        good = hrn::from_hex(arg) == hmac("Tor safe cookie authentication controller-to-server hash",
                                          safecookie_message(st));
        saw_valid_safecookie = good;
      } else if (s_.methods.find("NULL") != std::string::npos) {
        good = true;
      } else if (!arg.empty() && arg[0] == '"') {
        good = !s_.password.empty() && unquote(arg) == s_.password;
      } else {
        good = hrn::from_hex(arg) == s_.cookie;
      }
      // §3.5: on failure tor answers 515 and closes the connection.
      say(good ? "250 OK\r\n" : "515 Authentication failed: Wrong length on authentication cookie.\r\n");
      a.hang_up = !good;
    } else if (verb == "GETINFO") {
      if (s_.stall_getinfo) return a;
      if (s_.event_before_reply)
        say("650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=50 TAG=loading_descriptors "
            "SUMMARY=\"Loading relay descriptors\"\r\n");
      std::string reply;
      std::string rest = arg;
      while (!rest.empty()) {
        const std::string key = rest.substr(0, rest.find(' '));
        rest = rest.size() > key.size() ? rest.substr(key.size() + 1) : "";
        if (key == "version") reply += "250-version=0.4.9.11\r\n";
        else if (key == "status/bootstrap-phase")
          reply += "250-status/bootstrap-phase=WARN BOOTSTRAP PROGRESS=14 TAG=handshake "
                   "SUMMARY=\"Handshaking with a relay\" WARNING=\"No route to host\" "
                   "REASON=NOROUTE COUNT=12 RECOMMENDATION=warn HOSTADDR=\"192.0.2.1:443\"\r\n";
        else if (key == "circuit-status")
          reply += "250+circuit-status=\r\n1 BUILT $AA~a,$BB~b PURPOSE=GENERAL\r\n..dot line\r\n"
                   "2 EXTENDED $CC~c\r\n.\r\n";
        else if (key == "stream-status") reply += "250-stream-status=\r\n";
        else if (key == "net/listeners/socks") reply += "250-net/listeners/socks=\"127.0.0.1:9050\"\r\n";
        else {
          say("552 Unrecognized key \"" + key + "\"\r\n");
          return a;
        }
      }
      say(reply + "250 OK\r\n");
    } else if (verb == "SETEVENTS" || verb == "TAKEOWNERSHIP" || verb == "DEL_ONION") {
      say("250 OK\r\n");
    } else if (verb == "ADD_ONION") {
      std::string key = arg.substr(0, arg.find(' '));
      std::string extra;
      if (key == "NEW:ED25519-V3") {
        // 64 made-up bytes, as tor returns them (88 base64 characters).
        hrn::bytes blob(64);
        for (std::size_t i = 0; i < blob.size(); ++i)
          blob[i] = static_cast<std::uint8_t>(i * 7 + commands.size());
        key = "ED25519-V3:" + hrn::to_base64(blob);
        if (arg.find("DiscardPK") == std::string::npos) extra = "250-PrivateKey=" + key + "\r\n";
      } else if (key.rfind("ED25519-V3:", 0) != 0) {
        say("512 Invalid key type\r\n");
        return a;
      }
      const std::string id = service_id_for(key);
      say("250-ServiceID=" + id + "\r\n" + extra + "250 OK\r\n");
      if (s_.upload_after_add)
        say("650 HS_DESC UPLOAD " + id + " UNKNOWN $AA~hsdir\r\n650 HS_DESC UPLOADED " + id +
            " UNKNOWN $AA~hsdir\r\n");
    } else {
      say("510 Unrecognized command \"" + verb + "\"\r\n");
    }
    return a;
  }

  asio::awaitable<void> session(std::shared_ptr<tcp::socket> sp) {
    auto& s = *sp;
    asio::streambuf in;
    session_state st;
    for (;;) {
      auto [ec, n] = co_await asio::async_read_until(s, in, "\r\n", nothrow);
      if (ec) co_return;
      std::string line(asio::buffers_begin(in.data()), asio::buffers_begin(in.data()) + n - 2);
      in.consume(n);
      commands.push_back(line);
      const answer a = respond(line, st);
      for (const std::string& chunk : a.chunks)
        co_await asio::async_write(s, asio::buffer(chunk), nothrow);
      if (a.hang_up) {
        s.close();
        co_return;
      }
    }
  }

  asio::io_context& io_;
  tcp::acceptor acceptor_;
  settings s_;
};

}  // namespace fake_tor
