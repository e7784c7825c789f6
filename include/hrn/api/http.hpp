#pragma once
// The relay's view of an HTTP exchange: plain values, so request handling is a
// function from request to response that tests can call without sockets.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hrn::api {

struct http_request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent
  std::string content_type;
  std::string body;
  // Who is asking, as the key of the per-client rate limit (rate_limit.hpp):
  // the peer's IP address on a clear-net listener (an IPv6 peer's /64, as
  // "2001:db8:1:2::/64", since one host holds a whole /64), and "onion" on
  // the onion listener, where every peer is the local tor. Never log it
  // next to the target.
  std::string client{};  // (braces: callers may aggregate-initialise the fields before it)
  bool via_onion = false;  // arrived on the onion listener
  std::string accept{};    // the Accept header field, "" when absent
  // Which connection of this process carried it (never 0 for a real one):
  // on the onion listener `client` is the same for everyone, and this is
  // what tells one asker from another (wallet_dns scopes zone keys by it).
  std::uint64_t connection = 0;
};

struct http_response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

}  // namespace hrn::api
