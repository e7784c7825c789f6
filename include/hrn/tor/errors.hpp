#pragma once
// Stable error codes of the tor module: the SOCKS5 client, TLS over it, the
// control port and the managed tor process. They appear as `error.code` in
// the CLI and the HTTP API, and /healthz reports them: never rename one.

#include <string_view>

namespace hrn::tor::errc {

// SOCKS5 (RFC 1929/1928 and tor's extensions).
inline constexpr std::string_view socks_proxy_unreachable = "socks_proxy_unreachable";
inline constexpr std::string_view socks_protocol = "socks_protocol";
inline constexpr std::string_view socks_no_acceptable_method = "socks_no_acceptable_method";
inline constexpr std::string_view socks_auth_failed = "socks_auth_failed";
inline constexpr std::string_view socks_bad_credentials = "socks_bad_credentials";
inline constexpr std::string_view socks_bad_target = "socks_bad_target";
// REP codes 0x01-0x08 (RFC 1928 §6).
inline constexpr std::string_view socks_general_failure = "socks_general_failure";
inline constexpr std::string_view socks_not_allowed = "socks_not_allowed";
inline constexpr std::string_view socks_network_unreachable = "socks_network_unreachable";
inline constexpr std::string_view socks_host_unreachable = "socks_host_unreachable";
inline constexpr std::string_view socks_connection_refused = "socks_connection_refused";
inline constexpr std::string_view socks_ttl_expired = "socks_ttl_expired";
inline constexpr std::string_view socks_command_not_supported = "socks_command_not_supported";
inline constexpr std::string_view socks_address_type_not_supported = "socks_address_type_not_supported";
// Tor's onion service REP codes 0xF0-0xF7 (proposal 304).
inline constexpr std::string_view onion_descriptor_not_found = "onion_descriptor_not_found";
inline constexpr std::string_view onion_descriptor_invalid = "onion_descriptor_invalid";
inline constexpr std::string_view onion_intro_failed = "onion_intro_failed";
inline constexpr std::string_view onion_rendezvous_failed = "onion_rendezvous_failed";
inline constexpr std::string_view onion_missing_client_auth = "onion_missing_client_auth";
inline constexpr std::string_view onion_wrong_client_auth = "onion_wrong_client_auth";
inline constexpr std::string_view onion_bad_address = "onion_bad_address";
inline constexpr std::string_view onion_intro_timeout = "onion_intro_timeout";
inline constexpr std::string_view onion_key_unusable = "onion_key_unusable";

// TLS over a stream (certificate checks, handshake).
inline constexpr std::string_view tls_verify_failed = "tls_verify_failed";
inline constexpr std::string_view tls_handshake_failed = "tls_handshake_failed";
// An HTTP exchange over such a stream (http_exchange.hpp): the reply is over
// the caller's caps, or the stream failed mid-exchange. Callers report these
// in their own module's codes, never as they are.
inline constexpr std::string_view http_reply_too_large = "http_reply_too_large";
inline constexpr std::string_view http_exchange_failed = "http_exchange_failed";

// The control port.
inline constexpr std::string_view tor_control_unavailable = "tor_control_unavailable";
inline constexpr std::string_view tor_control_protocol = "tor_control_protocol";
inline constexpr std::string_view tor_control_timeout = "tor_control_timeout";
inline constexpr std::string_view tor_control_error = "tor_control_error";
inline constexpr std::string_view tor_auth_failed = "tor_auth_failed";

// The managed tor process.
inline constexpr std::string_view tor_not_found = "tor_not_found";
inline constexpr std::string_view tor_start_failed = "tor_start_failed";
// Tor has not finished bootstrapping (or stopped): a lookup cannot leave.
inline constexpr std::string_view tor_not_ready = "tor_not_ready";

// Arguments given to the module (addresses, onion service settings).
inline constexpr std::string_view bad_address = "bad_address";
inline constexpr std::string_view bad_argument = "bad_argument";
// The system's random number generator failed (isolation tokens).
inline constexpr std::string_view rng_failed = "rng_failed";

}  // namespace hrn::tor::errc
