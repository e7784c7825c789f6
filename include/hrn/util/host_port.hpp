#pragma once
// "HOST:PORT" as written in options (`--listen`, `--tor-socks`, upstreams).
// Pure: a host name stays a name here; nothing resolves it.

#include <cstdint>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn {

struct host_port {
  std::string host;  // name, IPv4 literal, or IPv6 literal without brackets
  std::uint16_t port = 0;

  // Back to "HOST:PORT", bracketing IPv6 literals.
  std::string to_string() const;
  // The host is an IPv4 or IPv6 address literal (so using it needs no lookup).
  bool is_ip_literal() const;
  friend bool operator==(const host_port&, const host_port&) = default;
};

// Accepts "host:port", "1.2.3.4:port" and "[v6]:port". Error code `bad_address`.
result<host_port> parse_host_port(std::string_view text);

}  // namespace hrn
