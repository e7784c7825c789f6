#include "hrn/tor/socks5_wire.hpp"

// inet_pton only parses text; it never resolves or touches the network.
#include <arpa/inet.h>

#include <algorithm>

#include "hrn/tor/errors.hpp"

namespace hrn::tor::socks5 {
namespace {

error protocol(std::string what) {
  return make_error(tor::errc::socks_protocol, "malformed SOCKS5 reply: " + std::move(what) +
                                          "; check that --tor-socks points at tor's SocksPort");
}

std::string hex_octet(std::uint8_t b) {
  static constexpr char digits[] = "0123456789abcdef";
  return std::string("0x") + digits[b >> 4] + digits[b & 0x0f];
}

void put_port(bytes& out, std::uint16_t port) {
  out.push_back(static_cast<std::uint8_t>(port >> 8));
  out.push_back(static_cast<std::uint8_t>(port & 0xff));
}

// Appends a one-octet length and the field (RFC 1929 UNAME/PASSWD, RFC 1928
// §5 domain name); the caller has checked 1..255 octets.
void put_counted(bytes& out, std::string_view field) {
  out.push_back(static_cast<std::uint8_t>(field.size()));
  out.insert(out.end(), field.begin(), field.end());
}

bool field_fits(std::string_view field) {
  return !field.empty() && field.size() <= max_field_octets;
}

}  // namespace

result<endpoint> make_endpoint(std::string_view host, std::uint16_t port) {
  if (port == 0) return make_error(tor::errc::socks_bad_target, "destination port 0 cannot be connected to");
  if (host.empty()) return make_error(tor::errc::socks_bad_target, "destination host is empty");
  // INET6_ADDRSTRLEN - 1: longer text is no literal. A NUL would end the C
  // string early and make "1.2.3.4\0junk" look like a literal.
  if (host.size() <= 45 && host.find('\0') == std::string_view::npos) {
    char text[46] = {};
    std::copy(host.begin(), host.end(), text);
    ipv4 v4{};
    if (inet_pton(AF_INET, text, v4.data()) == 1) return endpoint{v4, port};
    ipv6 v6{};
    if (inet_pton(AF_INET6, text, v6.data()) == 1) return endpoint{v6, port};
  }
  // RFC 1928 §5: the name is preceded by a one-octet length.
  if (host.size() > max_field_octets)
    return make_error(tor::errc::socks_bad_target, "destination host name is " +
                                              std::to_string(host.size()) +
                                              " octets; SOCKS5 carries at most 255");
  return endpoint{std::string(host), port};
}

bytes build_greeting(bool with_credentials) {
  // VER, NMETHODS, METHODS (RFC 1928 §3).
  bytes out{version, 1, with_credentials ? method_username_password : method_no_auth};
  return out;
}

result<bytes> build_auth_request(const socks_credentials& credentials) {
  // RFC 1929 §2: ULEN and PLEN are 1 to 255. Tor would accept empty fields,
  // but other proxies need not, and an empty field isolates nothing.
  if (!field_fits(credentials.username) || !field_fits(credentials.password))
    return make_error(tor::errc::socks_bad_credentials,
                      "SOCKS username and password must each be 1 to 255 octets");
  bytes out{auth_version};
  put_counted(out, credentials.username);
  put_counted(out, credentials.password);
  return out;
}

bytes build_connect_request(const endpoint& destination) {
  bytes out{version, cmd_connect, 0x00};  // VER, CMD, RSV (RFC 1928 §4)
  if (const auto* v4 = std::get_if<ipv4>(&destination.addr)) {
    out.push_back(atyp_ipv4);
    out.insert(out.end(), v4->begin(), v4->end());
  } else if (const auto* v6 = std::get_if<ipv6>(&destination.addr)) {
    out.push_back(atyp_ipv6);
    out.insert(out.end(), v6->begin(), v6->end());
  } else {
    out.push_back(atyp_domain);
    put_counted(out, std::get<std::string>(destination.addr));
  }
  put_port(out, destination.port);
  return out;
}

parse_step<std::uint8_t> parse_method_reply(byte_view data, bool offered_credentials) {
  if (data.size() < 2) return need_more{2 - data.size()};
  if (data[0] != version)
    return protocol("method reply has version " + hex_octet(data[0]) + ", expected 0x05");
  const std::uint8_t method = data[1];
  if (method == method_none_acceptable)
    return make_error(tor::errc::socks_no_acceptable_method,
                      offered_credentials
                          ? "the SOCKS proxy refuses username/password authentication, which "
                            "stream isolation needs; check --tor-socks points at tor's SocksPort"
                          : "the SOCKS proxy requires authentication; check --tor-socks");
  const std::uint8_t offered = offered_credentials ? method_username_password : method_no_auth;
  // RFC 1928 §3: the server selects from the methods offered. Anything else
  // (GSSAPI, a private method) would leave us speaking the wrong protocol.
  if (method != offered)
    return protocol("proxy chose method " + hex_octet(method) + ", which was not offered");
  return method;
}

parse_step<unit> parse_auth_reply(byte_view data) {
  if (data.size() < 2) return need_more{2 - data.size()};
  if (data[0] != auth_version)
    return protocol("authentication reply has version " + hex_octet(data[0]) +
                    ", expected 0x01 (RFC 1929)");
  // RFC 1929 §2: any non-zero STATUS is a failure, and the server closes.
  if (data[1] != 0x00)
    return make_error(tor::errc::socks_auth_failed,
                      "the SOCKS proxy rejected the stream isolation credentials (status " +
                          hex_octet(data[1]) + "); tor accepts any, so check --tor-socks");
  return unit{};
}

parse_step<connect_reply> parse_connect_reply(byte_view data) {
  // VER REP RSV ATYP, then BND.ADDR (by ATYP) and BND.PORT (RFC 1928 §6).
  constexpr std::size_t header = 4;
  if (data.size() < header) return need_more{header - data.size()};
  if (data[0] != version)
    return protocol("CONNECT reply has version " + hex_octet(data[0]) + ", expected 0x05");
  // RFC 1928 §6: "Fields marked RESERVED (RSV) must be set to X'00'."
  if (data[2] != 0x00) return protocol("CONNECT reply has reserved octet " + hex_octet(data[2]));
  if (data[1] != 0x00) return reply_error(data[1]);

  std::size_t addr_octets = 0;
  std::size_t addr_start = header;
  switch (data[3]) {
    case atyp_ipv4:
      addr_octets = 4;
      break;
    case atyp_ipv6:
      addr_octets = 16;
      break;
    case atyp_domain:
      if (data.size() < header + 1) return need_more{header + 1 - data.size()};
      addr_octets = data[header];
      addr_start = header + 1;
      if (addr_octets == 0) return protocol("CONNECT reply has an empty bound domain name");
      break;
    default:
      return protocol("CONNECT reply has unknown address type " + hex_octet(data[3]));
  }
  const std::size_t total = addr_start + addr_octets + 2;
  if (data.size() < total) return need_more{total - data.size()};

  const auto addr = data.subspan(addr_start, addr_octets);
  connect_reply reply;
  reply.size = total;
  reply.bound.port = static_cast<std::uint16_t>(data[total - 2] << 8 | data[total - 1]);
  if (data[3] == atyp_ipv4) {
    ipv4 v4{};
    std::copy(addr.begin(), addr.end(), v4.begin());
    reply.bound.addr = v4;
  } else if (data[3] == atyp_ipv6) {
    ipv6 v6{};
    std::copy(addr.begin(), addr.end(), v6.begin());
    reply.bound.addr = v6;
  } else {
    reply.bound.addr = std::string(addr.begin(), addr.end());
  }
  return reply;
}

}  // namespace hrn::tor::socks5
