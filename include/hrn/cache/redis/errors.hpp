#pragma once
// Stable error codes of the Redis client. They reach logs, /healthz and the
// metrics as `error.code`: never rename one. A Redis error reply to a command
// (WRONGTYPE, OOM) is not one of these: it is a reply of kind `error`.

#include <string_view>

namespace hrn::cache::redis::errc {

// A --redis URL that is not redis://HOST[:PORT][/DB], rediss://… or
// unix:///PATH[?db=N], or that carries a password (use the password file).
inline constexpr std::string_view bad_redis_url = "bad_redis_url";
// Not connected and the connection cannot be made (refused, closed, a TLS
// or AUTH failure): the caller goes on without the shared cache.
inline constexpr std::string_view redis_unavailable = "redis_unavailable";
// No complete reply before the deadline; the connection is dropped (its
// replies would no longer match their commands) and made again later.
inline constexpr std::string_view redis_timeout = "redis_timeout";
// The server's bytes are not RESP, or a reply is larger than allowed.
inline constexpr std::string_view redis_protocol_error = "redis_protocol_error";

}  // namespace hrn::cache::redis::errc
