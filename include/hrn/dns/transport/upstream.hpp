#pragma once
// Where DNS questions go: `tcp://HOST:PORT` (DNS over TCP, RFC 7766),
// `https://HOST[:PORT]/PATH` (DNS over HTTPS, RFC 8484), or
// `http://X.onion[:PORT]/PATH` (DoH without TLS, to an onion service only:
// its address is the server's key, so Tor authenticates and encrypts the
// connection end to end; anywhere else plain HTTP would show every name).
// Pure parsing; the host is kept as written, never resolved here.

#include <cstdint>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::dns {

struct upstream {
  enum class protocol { tcp, https, http };
  protocol proto = protocol::tcp;
  std::string host;
  std::uint16_t port = 0;
  std::string path;  // https and http only, starts with '/'

  std::string to_string() const;
  // DoH over HTTP (https or http).
  bool is_doh() const { return proto != protocol::tcp; }
  // HOST, or HOST:PORT off the scheme's default port: the HTTP Host / :authority.
  std::string authority() const;
  bool is_onion() const;
  friend bool operator==(const upstream&, const upstream&) = default;
};

// Error code `bad_upstream`, with a message naming the accepted forms.
result<upstream> parse_upstream(std::string_view url);

}  // namespace hrn::dns
