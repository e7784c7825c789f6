#pragma once
// Stable error codes of the DNS transports (TCP pipeline, DoH). They appear
// as `error.code` in the CLI and the HTTP API: never rename one.

#include <string_view>

namespace hrn::dns::transport::errc {

// The upstream failed, not DNSSEC: unreachable, closed, SERVFAIL/REFUSED, a
// reply that does not answer the question, an HTTP error from a DoH server.
inline constexpr std::string_view upstream_error = "upstream_error";
// No complete answer before the deadline.
inline constexpr std::string_view upstream_timeout = "upstream_timeout";
// An upstream URL that is not tcp://IP:PORT or https://HOST[:PORT]/PATH.
inline constexpr std::string_view bad_upstream = "bad_upstream";

}  // namespace hrn::dns::transport::errc
