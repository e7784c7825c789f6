#include "hrn/blocks/source_spec.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>

#include "hrn/blocks/errors.hpp"

namespace hrn::blocks {

namespace {

constexpr std::string_view forms =
    "expected esplora:https://HOST[:PORT][/PATH], esplora:http://NAME.onion[:PORT][/PATH] "
    "or bitcoind:http://127.0.0.1[:PORT]";

// The spec is quoted back unless it may hold a password (user:pw@host).
error bad(std::string_view spec, std::string why) {
  // (Appended piece by piece: g++ 12 warns falsely with -Wrestrict on "'" + string.)
  std::string message = "--blocks ";
  if (spec.find('@') == std::string_view::npos) {
    message += '\'';
    message.append(spec);
    message += '\'';
  } else {
    message += "(not shown)";
  }
  message += ": ";
  message += why;
  return make_error(errc::bad_block_source, std::move(message));
}

bool ends_with_onion(std::string_view host) {
  constexpr std::string_view suffix = ".onion";
  if (host.size() <= suffix.size()) return false;
  const auto tail = host.substr(host.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if ((tail[i] | 0x20) != suffix[i]) return false;
  return true;
}

// Letters, digits, '-' and '.' (a DNS name as typed; IDNs in their A-label form).
bool plain_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.front() == '-') return false;
  for (const char c : host)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return false;
  return true;
}

// RFC 3986 unreserved characters, '/' and percent escapes: nothing that
// could end the request line or start a query.
bool plain_path(std::string_view path) {
  for (const char c : path)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
          c == '_' || c == '~' || c == '/' || c == '%'))
      return false;
  return true;
}

bool is_loopback_literal(const std::string& host) {
  std::array<unsigned char, 16> addr{};
  if (inet_pton(AF_INET, host.c_str(), addr.data()) == 1) return addr[0] == 127;
  if (inet_pton(AF_INET6, host.c_str(), addr.data()) == 1) {
    for (std::size_t i = 0; i < 15; ++i)
      if (addr[i] != 0) return false;
    return addr[15] == 1;
  }
  return false;
}

bool is_ip_literal(const std::string& host) {
  std::array<unsigned char, 16> addr{};
  return inet_pton(AF_INET, host.c_str(), addr.data()) == 1 || inet_pton(AF_INET6, host.c_str(), addr.data()) == 1;
}

}  // namespace

std::string_view kind_name(source_kind kind) {
  return kind == source_kind::esplora ? "esplora" : "bitcoind";
}

result<source_spec> parse_source_spec(std::string_view spec) {
  source_spec out;
  std::string_view rest;
  if (spec.starts_with("esplora:")) {
    out.kind = source_kind::esplora;
    rest = spec.substr(8);
  } else if (spec.starts_with("bitcoind:")) {
    out.kind = source_kind::bitcoind;
    rest = spec.substr(9);
  } else {
    return bad(spec, std::string(forms));
  }
  if (rest.starts_with("https://")) {
    out.tls = true;
    rest = rest.substr(8);
  } else if (rest.starts_with("http://")) {
    out.tls = false;
    rest = rest.substr(7);
  } else {
    return bad(spec, std::string(forms));
  }
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  auto path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos)
    return bad(spec, "credentials in the URL are not accepted (bitcoind: use --blocks-rpc-cookie or "
                     "--blocks-rpc-user with --blocks-rpc-password-file)");
  if (path.find_first_of("?#") != std::string_view::npos)
    return bad(spec, "a query or fragment is not accepted in the path");
  if (!plain_path(path)) return bad(spec, "the path may hold only letters, digits, -._~/ and %-escapes");
  while (path.ends_with('/')) path.remove_suffix(1);
  out.path = std::string(path);

  std::string_view host = authority, port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad(spec, "unclosed '[' in the host");
    host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return bad(spec, "unexpected text after ']'");
    if (!after.empty()) port_text = after.substr(1);
    out.host = std::string(host);
    if (!is_ip_literal(out.host) || out.host.find(':') == std::string::npos)
      return bad(spec, "brackets hold an IPv6 address only");
  } else {
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad(spec, "empty port");
    }
    out.host = std::string(host);
    if (!plain_host_name(out.host)) return bad(spec, "the host must be a DNS name or an IP address");
  }
  out.port = out.tls ? 443 : (out.kind == source_kind::bitcoind ? 8332 : 80);
  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 || value > 65535)
      return bad(spec, "the port must be 1 to 65535");
    out.port = static_cast<std::uint16_t>(value);
  }

  if (out.kind == source_kind::esplora) {
    // Over plain HTTP an exit (or anyone past it) could rewrite the tip;
    // an onion service's stream is end-to-end authenticated by Tor.
    if (!out.tls && !ends_with_onion(out.host))
      return bad(spec, "plain http is accepted only for a .onion host; use https");
    return out;
  }
  if (out.tls)
    return bad(spec, "bitcoind's RPC speaks plain http (it has no TLS); it must be on this machine");
  if (!is_loopback_literal(out.host))
    return bad(spec, "bitcoind's RPC is reached directly, not through Tor, and carries its password in "
                     "clear: the host must be a loopback IP address (127.0.0.1 or [::1]), so neither "
                     "the password nor the host name ever leaves this machine");
  return out;
}

}  // namespace hrn::blocks
