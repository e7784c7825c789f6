#include "hrn/util/host_port.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace hrn {
namespace {

error bad(std::string_view text, std::string_view why) {
  std::string message = "'";
  message.append(text).append("': ").append(why).append(" (expected HOST:PORT or [IPv6]:PORT)");
  return make_error("bad_address", std::move(message));
}

}  // namespace

std::string host_port::to_string() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool host_port::is_ip_literal() const {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

result<host_port> parse_host_port(std::string_view text) {
  std::string_view host, port_text;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) return bad(text, "unclosed '['");
    host = text.substr(1, close - 1);
    auto rest = text.substr(close + 1);
    if (!rest.starts_with(':')) return bad(text, "missing ':PORT' after ']'");
    port_text = rest.substr(1);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad(text, "missing ':PORT'");
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return bad(text, "IPv6 literals need brackets");
  }
  if (host.empty()) return bad(text, "empty host");
  for (char c : host) {
    bool okc = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '-' || c == '_' || c == ':';
    if (!okc) return bad(text, "host has a character that is not allowed");
  }
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc{} || ptr != port_text.data() + port_text.size() ||
      port > 65535)
    return bad(text, "port must be a number from 0 to 65535");
  return host_port{std::string(host), static_cast<std::uint16_t>(port)};
}

}  // namespace hrn
