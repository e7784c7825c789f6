#pragma once
// Where Redis is, as the operator writes it in --redis. Pure.
//   redis://HOST[:PORT][/DB]      plain TCP (port 6379 by default)
//   rediss://HOST[:PORT][/DB]     TLS, the certificate verified for HOST
//   unix:///PATH[?db=N]           a unix socket
// An optional user name (redis://USER@HOST/…) is sent with AUTH (Redis 6
// ACLs). A password in the URL is refused: URLs end up in process lists and
// logs, so the password comes from --redis-password-file.

#include <cstdint>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::cache::redis {

struct url {
  enum class transport { tcp, tls, unix_socket };
  transport kind = transport::tcp;
  std::string host;         // tcp/tls: a name or an IP literal (IPv6 without brackets)
  std::uint16_t port = 6379;
  std::string path;         // unix_socket
  unsigned db = 0;          // SELECT db (0..15 on a default server; up to 2^31 accepted)
  std::string user;         // AUTH user (empty: AUTH with the password only)

  // The URL back, without anything secret (for logs and --check-config).
  std::string to_string() const;
  friend bool operator==(const url&, const url&) = default;
};

// Error code errc::bad_redis_url with a message saying what is wrong.
result<url> parse_url(std::string_view text);

}  // namespace hrn::cache::redis
