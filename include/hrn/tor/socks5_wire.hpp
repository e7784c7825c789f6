#pragma once
// The bytes of a SOCKS5 client handshake (RFC 1928, RFC 1929 and Tor's
// extensions in torspec socks-extensions), with no I/O: builders for what the
// client sends, parsers for what the proxy answers. Pure (DESIGN.md): no Asio,
// no OpenSSL, no logging, so it is fuzzed on its own (tests/fuzz/socks5_reply.cpp).
//
// Parsers look at the bytes received so far and answer one of: the value, a
// typed error, or "need at least N more octets". They never look past the end
// of the message, so a caller that reads exactly what they ask for never
// swallows application bytes that follow a CONNECT reply.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::tor {

// RFC 1929 credentials. Each field is 1 to 255 octets on the wire.
struct socks_credentials {
  std::string username;
  std::string password;
  friend bool operator==(const socks_credentials&, const socks_credentials&) = default;
};

namespace socks5 {

inline constexpr std::uint8_t version = 0x05;       // RFC 1928 §3
inline constexpr std::uint8_t auth_version = 0x01;  // RFC 1929 §2
inline constexpr std::size_t max_field_octets = 255;

// RFC 1928 §3 METHOD values the client may see.
inline constexpr std::uint8_t method_no_auth = 0x00;
inline constexpr std::uint8_t method_username_password = 0x02;
inline constexpr std::uint8_t method_none_acceptable = 0xFF;

// RFC 1928 §5 ATYP values.
inline constexpr std::uint8_t atyp_ipv4 = 0x01;
inline constexpr std::uint8_t atyp_domain = 0x03;
inline constexpr std::uint8_t atyp_ipv6 = 0x04;

inline constexpr std::uint8_t cmd_connect = 0x01;

using ipv4 = std::array<std::uint8_t, 4>;
using ipv6 = std::array<std::uint8_t, 16>;
// A host name travels as its octets (ATYP 3) and is resolved by the proxy,
// never here (DESIGN.md privacy mechanism 1).
using address = std::variant<ipv4, ipv6, std::string>;

struct endpoint {
  address addr;
  std::uint16_t port = 0;
  friend bool operator==(const endpoint&, const endpoint&) = default;
};

// Classifies `host` without resolving anything: an IPv4 dotted quad or an
// IPv6 literal (no brackets) becomes an address, anything else a name.
// Error `socks_bad_target`: empty host, a name over 255 octets (it cannot be
// written in ATYP 3's one-octet length), or port 0.
result<endpoint> make_endpoint(std::string_view host, std::uint16_t port);

// Method selection request, RFC 1928 §3. With credentials it offers only
// USERNAME/PASSWORD: offering NO AUTH as well would let the proxy pick it and
// silently drop the isolation the credentials carry.
bytes build_greeting(bool with_credentials);

// RFC 1929 §2 request. Error `socks_bad_credentials` when a field is empty or
// longer than 255 octets (checked before anything is sent).
result<bytes> build_auth_request(const socks_credentials& credentials);

// RFC 1928 §4 CONNECT request for an endpoint from make_endpoint.
bytes build_connect_request(const endpoint& destination);

// "Not decided yet: read at least this many more octets, then ask again."
struct need_more {
  std::size_t octets = 0;
};

template <class T>
using parse_step = std::variant<need_more, T, error>;

// RFC 1928 §3 METHOD selection reply. The value is the method the proxy chose,
// which is always one the client offered. Errors: socks_no_acceptable_method
// (0xFF), socks_protocol (wrong version, a method that was not offered).
parse_step<std::uint8_t> parse_method_reply(byte_view data, bool offered_credentials);

// RFC 1929 §2 status reply. Errors: socks_auth_failed (non-zero STATUS),
// socks_protocol (wrong version).
parse_step<unit> parse_auth_reply(byte_view data);

// A successful CONNECT reply: the proxy's bound address and the reply's size.
struct connect_reply {
  endpoint bound;
  std::size_t size = 0;
};

// RFC 1928 §6 reply. A non-zero REP gives its typed error (see reply_error)
// once VER and RSV have been checked, without waiting for BND.ADDR: a failed
// request is final whatever follows. Errors: reply_error's codes, and
// socks_protocol for a wrong VER, a non-zero RSV, an unknown ATYP or an empty
// domain name.
parse_step<connect_reply> parse_connect_reply(byte_view data);

// The typed error for a non-zero REP: RFC 1928 §6 codes 0x01-0x08, Tor's
// onion service codes 0xF0-0xF7 (sent when the SocksPort has ExtendedErrors),
// and socks_general_failure for unassigned codes.
error reply_error(std::uint8_t rep);

}  // namespace socks5
}  // namespace hrn::tor
