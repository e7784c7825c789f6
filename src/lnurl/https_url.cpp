#include "https_url.hpp"

namespace hrn::lnurl::detail {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool ipv6_char(char c) { return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9') || c == ':' || c == '.'; }

bool valid_port(std::string_view p) {
  if (p.empty() || p.size() > 5) return false;
  unsigned v = 0;
  for (char c : p) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  return v >= 1 && v <= 65535;
}

}  // namespace

std::optional<std::string> https_host(std::string_view url) {
  // Visible ASCII only: a space, a control character or a non-ASCII byte
  // has no place in a URL a wallet will fetch (RFC 3986 §2).
  for (char c : url)
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) return std::nullopt;
  constexpr std::string_view scheme = "https://";
  if (url.size() < scheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (lower(url[i]) != scheme[i]) return std::nullopt;
  const auto rest = url.substr(scheme.size());
  const auto authority = rest.substr(0, rest.find_first_of("/?#"));
  // RFC 3986 §3.2.1: userinfo@host. "https://domain.test@evil.test/" names
  // evil.test; refusing it avoids any reading that names the domain.
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string host;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos || close < 3) return std::nullopt;
    for (char c : authority.substr(1, close - 1)) {
      if (!ipv6_char(lower(c))) return std::nullopt;
      host += lower(c);
    }
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
      if (!valid_port(port)) return std::nullopt;
    }
    return "[" + host + "]";
  }
  const auto colon = authority.find(':');
  const auto name = authority.substr(0, colon);
  if (colon != std::string_view::npos && !valid_port(authority.substr(colon + 1))) return std::nullopt;
  if (name.empty() || name.size() > 253) return std::nullopt;
  for (char c : name) {
    if (!host_char(lower(c))) return std::nullopt;
    host += lower(c);
  }
  // A trailing dot names the same host (absolute form); compare without it.
  if (host.back() == '.') host.pop_back();
  if (host.empty() || host.front() == '.' || host.find("..") != std::string::npos) return std::nullopt;
  return host;
}

}  // namespace hrn::lnurl::detail
