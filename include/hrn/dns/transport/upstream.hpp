#pragma once
// Where DNS questions go: `tcp://HOST:PORT` (DNS over TCP, RFC 7766) or
// `https://HOST[:PORT]/PATH` (DNS over HTTPS, RFC 8484). Pure parsing; the
// host is kept as written, never resolved here.

#include <cstdint>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::dns {

struct upstream {
  enum class protocol { tcp, https };
  protocol proto = protocol::tcp;
  std::string host;
  std::uint16_t port = 0;
  std::string path;  // https only, starts with '/'

  std::string to_string() const;
  friend bool operator==(const upstream&, const upstream&) = default;
};

// Error code `bad_upstream`, with a message naming the accepted forms.
result<upstream> parse_upstream(std::string_view url);

}  // namespace hrn::dns
