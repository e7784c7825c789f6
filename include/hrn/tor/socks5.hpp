#pragma once
// The SOCKS5 client (RFC 1928, RFC 1929) every outbound connection goes
// through: tor's SocksPort. Host names travel to the proxy as names (ATYP 3)
// and are resolved at the exit, never here (DESIGN.md privacy mechanism 1);
// credentials from an isolation_token put each lookup on its own circuit
// (mechanism 2). The bytes are built and parsed by socks5_wire.hpp.
//
// Error codes (hrn::error::code):
//   upstream_timeout           the deadline passed at some step (the message names it)
//   socks_proxy_unreachable    the TCP connection to the proxy failed
//   bad_address                the proxy address is not an IP literal
//   socks_bad_target           empty host, host name over 255 octets, port 0
//   socks_bad_credentials      a username or password not 1-255 octets
//   socks_protocol             a malformed, truncated or unexpected reply, or
//                              the proxy hung up mid-handshake
//   socks_no_acceptable_method the proxy accepts none of the offered methods
//   socks_auth_failed          the proxy rejected the credentials
//   socks_general_failure, socks_not_allowed, socks_network_unreachable,
//   socks_host_unreachable, socks_connection_refused, socks_ttl_expired,
//   socks_command_not_supported, socks_address_type_not_supported
//                              REP 0x01-0x08 (RFC 1928 §6; unassigned codes
//                              give socks_general_failure)
//   onion_descriptor_not_found, onion_descriptor_invalid, onion_intro_failed,
//   onion_rendezvous_failed, onion_missing_client_auth, onion_wrong_client_auth,
//   onion_bad_address, onion_intro_timeout
//                              Tor's REP 0xF0-0xF7 (ExtendedErrors)

#include <chrono>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "hrn/tor/isolation.hpp"
#include "hrn/tor/socks5_wire.hpp"
#include "hrn/util/host_port.hpp"
#include "hrn/util/result.hpp"

namespace hrn::tor {

// Where the proxy should connect: a host name (sent as a name), or an IPv4 or
// IPv6 literal (sent as an address).
using target = host_port;

// Runs the handshake on `proxy`, a socket already connected to the SOCKS
// proxy: greeting, RFC 1929 sub-negotiation when `credentials` are given
// (only then is USERNAME/PASSWORD offered; without them only NO AUTH), then
// CONNECT and the full reply. Every read and write ends by `deadline`, one
// deadline for the whole handshake so a proxy that answers each step just in
// time cannot stretch it. On success the socket carries the application's
// bytes; nothing past the reply has been read. On failure the socket is in an
// unspecified state and should be closed. Arguments are taken by value so the
// coroutine never refers to a caller's temporaries.
boost::asio::awaitable<status> socks5_connect(boost::asio::ip::tcp::socket& proxy,
                                              target destination,
                                              std::optional<socks_credentials> credentials,
                                              std::chrono::steady_clock::time_point deadline);

// Opens a TCP connection to `proxy` (an IP literal: the proxy's own address
// must not need resolving) and runs socks5_connect with `isolation`'s
// credentials; `timeout` bounds the whole, connect and handshake.
boost::asio::awaitable<result<boost::asio::ip::tcp::socket>> connect_via_socks(
    boost::asio::any_io_executor executor, host_port proxy, target destination,
    isolation_token isolation, std::chrono::milliseconds timeout);

}  // namespace hrn::tor
