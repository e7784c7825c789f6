// REP codes of a SOCKS5 reply as typed errors. RFC 1928 §6 defines 0x01-0x08;
// Tor's onion service codes 0xF0-0xF7 come from proposal 304 and torspec
// socks-extensions ("Extended error codes"); C tor sends them only on a
// SocksPort with the ExtendedErrors flag, else such failures arrive as 0x01
// or 0x04. Each message says what happened and what to check. The target is
// never named here: it may be a payee's domain, and messages reach logs.
#include "hrn/tor/socks5_wire.hpp"

#include "hrn/tor/errors.hpp"

namespace hrn::tor::socks5 {

error reply_error(std::uint8_t rep) {
  switch (rep) {
    case 0x01:
      return make_error(tor::errc::socks_general_failure,
                        "tor could not open the stream (general SOCKS server failure, REP "
                        "0x01); check tor's log and that it has bootstrapped");
    case 0x02:
      return make_error(tor::errc::socks_not_allowed,
                        "connection not allowed by the proxy's ruleset (REP 0x02): no exit "
                        "policy allows this port, or tor's SocksPolicy rejects us");
    case 0x03:
      return make_error(tor::errc::socks_network_unreachable,
                        "network unreachable from the exit (REP 0x03); check the destination "
                        "address, and that tor has a working circuit");
    case 0x04:
      return make_error(tor::errc::socks_host_unreachable,
                        "the exit could not reach or resolve the host (REP 0x04); check that "
                        "the name exists and the host is up");
    case 0x05:
      return make_error(tor::errc::socks_connection_refused,
                        "the destination refused the connection (REP 0x05); check the port "
                        "and that the service is listening");
    case 0x06:
      return make_error(tor::errc::socks_ttl_expired,
                        "the stream timed out inside tor (REP 0x06, TTL expired); the "
                        "destination or the circuit is slow, retry later");
    case 0x07:
      return make_error(tor::errc::socks_command_not_supported,
                        "the proxy does not support CONNECT (REP 0x07); check that "
                        "--tor-socks points at tor's SocksPort");
    case 0x08:
      return make_error(tor::errc::socks_address_type_not_supported,
                        "the proxy does not accept this address type (REP 0x08); use a host "
                        "name instead of an IP literal, or a newer tor");
    case 0xF0:
      return make_error(tor::errc::onion_descriptor_not_found,
                        "onion service descriptor not found on the hashring (REP 0xF0); the "
                        "service is offline or the .onion address is mistyped");
    case 0xF1:
      return make_error(tor::errc::onion_descriptor_invalid,
                        "onion service descriptor cannot be parsed or its signature is bad "
                        "(REP 0xF1); the service publishes a broken descriptor");
    case 0xF2:
      return make_error(tor::errc::onion_intro_failed,
                        "introduction to the onion service failed (REP 0xF2); it has likely "
                        "changed its descriptor or is not running, retry later");
    case 0xF3:
      return make_error(tor::errc::onion_rendezvous_failed,
                        "rendezvous with the onion service failed (REP 0xF3); the connection "
                        "could not be finalised, retry later");
    case 0xF4:
      return make_error(tor::errc::onion_missing_client_auth,
                        "the onion service needs client authorization that tor does not have "
                        "(REP 0xF4); add its key to tor's ClientOnionAuthDir");
    case 0xF5:
      return make_error(tor::errc::onion_wrong_client_auth,
                        "tor's client authorization for the onion service does not decrypt "
                        "its descriptor (REP 0xF5); access was probably revoked");
    case 0xF6:
      return make_error(tor::errc::onion_bad_address,
                        "invalid .onion address (REP 0xF6): bad checksum, key or encoding; "
                        "check the address");
    case 0xF7:
      return make_error(tor::errc::onion_intro_timeout,
                        "every introduction to the onion service timed out (REP 0xF7); it is "
                        "likely down or overloaded, retry later");
    default: {
      // 0x09-0xFF are unassigned in RFC 1928; proposal 304 warns that more
      // codes may come, so an unknown one is a failure, not a malformed reply.
      static constexpr char digits[] = "0123456789abcdef";
      const std::string code = std::string("0x") + digits[rep >> 4] + digits[rep & 0x0f];
      return make_error(tor::errc::socks_general_failure,
                        "the SOCKS proxy refused the stream with "
                        "unassigned reply code " +
                            code + "; check tor's log");
    }
  }
}

}  // namespace hrn::tor::socks5
