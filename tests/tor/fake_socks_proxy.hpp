#pragma once
// A SOCKS5 proxy written for the tests: it records every byte the client sends
// and answers as a script says — well, badly, or not at all (stalls at a
// chosen step, so deadlines can be watched firing).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "hrn/tor/socks5.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::test {

// Where the proxy stops answering (it keeps reading, so the client's writes
// succeed and only its reads wait).
enum class stall {
  none,
  after_accept,           // reads nothing at all
  after_greeting,         // read the greeting, no method reply
  mid_method_reply,       // sent 1 of the 2 octets of the method reply
  after_auth,             // read the RFC 1929 request, no status
  mid_auth_reply,         // sent 1 of the 2 octets of the status
  after_connect_request,  // read the CONNECT request, no reply
  mid_reply,              // sent VER REP RSV ATYP and 2 of the 4 address octets
};

struct proxy_script {
  std::optional<std::uint8_t> method;  // default: 0x02 if offered, else 0x00 if offered, else 0xFF
  std::optional<bytes> method_reply;   // raw bytes instead of {05, method}; then hangs up
  std::uint8_t auth_status = 0x00;
  std::optional<bytes> auth_reply;  // raw bytes instead of {01, status}; then hangs up
  std::uint8_t rep = 0x00;
  std::optional<bytes> connect_reply;  // raw bytes instead of a well-formed reply; then hangs up
  bytes after_reply;                   // application bytes sent in the same write as the reply
  bool echo = false;                   // after a successful reply, echo until the client hangs up
  stall stall_at = stall::none;
};

// What crossed the proxy.
struct proxy_record {
  bool accepted = false;
  bytes greeting;  // VER NMETHODS METHODS
  bytes auth;      // the whole RFC 1929 request, if any
  std::string username, password;
  bytes connect;  // the whole CONNECT request, if any
  std::uint8_t atyp = 0;
  bytes address;  // DST.ADDR without the length octet of a name
  std::uint16_t port = 0;
};

using proxy_client =
    std::function<boost::asio::awaitable<void>(boost::asio::io_context&, std::uint16_t proxy_port)>;

// Runs the fake proxy for one connection and `client` against it, bounded to
// a few seconds; returns what the proxy saw. `client_finished` tells whether
// the client coroutine ran to its end.
proxy_record run_with_proxy(const proxy_script& script, const proxy_client& client,
                            bool* client_finished = nullptr);

struct handshake_outcome {
  status result = unit{};
  proxy_record record;
  std::chrono::steady_clock::duration elapsed{};
  bool finished = false;
};

// socks5_connect over a fresh connection to the fake proxy.
handshake_outcome run_handshake(const proxy_script& script, const tor::target& destination,
                                std::optional<tor::socks_credentials> credentials,
                                std::chrono::milliseconds deadline = std::chrono::seconds(3));

// head followed by the octets of tail. (Out of line: g++ 12 warns falsely
// with -Warray-bounds on vector inserts into small constant-size vectors.)
bytes append(bytes head, std::string_view tail);

inline tor::socks_credentials test_credentials() { return {"<torS0X>0", "0123456789abcdef"}; }

}  // namespace hrn::test
