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

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != prefix[i]) return false;
  return true;
}

bool is_onion(std::string_view host) {
  constexpr std::string_view suffix = ".onion";
  return host.size() > suffix.size() && host.substr(host.size() - suffix.size()) == suffix;
}

// The authority's host, lower case, from the text after "scheme://".
std::optional<std::string> host_of(std::string_view rest) {
  const auto authority = rest.substr(0, rest.find_first_of("/?#"));
  // RFC 3986 §3.2.1: userinfo@host. "https://domain.test@evil.test/" names
  // evil.test; refusing it avoids any reading that names the domain.
  if (authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string host;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos || close < 3) return std::nullopt;
    for (char c : authority.substr(1, close - 1)) {
      if (!ipv6_char(lower(c))) return std::nullopt;
      host += lower(c);
    }
    const auto after = authority.substr(close + 1);
    if (!after.empty() && (after.front() != ':' || !valid_port(after.substr(1)))) return std::nullopt;
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

}  // namespace

std::optional<std::string> callback_host(std::string_view url) {
  // Visible ASCII only: a space, a control character or a non-ASCII byte
  // has no place in a URL a wallet will fetch (RFC 3986 §2).
  for (char c : url)
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) return std::nullopt;
  if (starts_with_nocase(url, "https://")) return host_of(url.substr(8));
  if (starts_with_nocase(url, "http://")) {
    auto host = host_of(url.substr(7));
    if (host && is_onion(*host)) return host;
  }
  return std::nullopt;
}

}  // namespace hrn::lnurl::detail
