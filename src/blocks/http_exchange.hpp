#pragma once
// One HTTP/1.1 request and its reply on a connected stream (a TCP socket or
// TLS over Tor), with the caps every reply from outside gets: headers of at
// most 8 KiB, a body of at most max_reply_bytes. The caller bounds the time
// (the whole poll runs under one deadline). Not a public header.

#include <string>

#include <boost/asio/awaitable.hpp>

#include "hrn/util/result.hpp"

namespace hrn::blocks::detail {

struct http_call {
  bool post = false;
  std::string host;           // the Host header, port included when not the default
  std::string target;         // "/api/blocks"
  std::string body;           // POST only (JSON)
  std::string authorization;  // "" or the Authorization header's value
};

struct http_reply {
  unsigned status = 0;
  std::string body;
};

// Errors reply_too_large (headers or body over the caps), source_unreachable
// (the write or read failed, the peer closed early).
template <class Stream>
boost::asio::awaitable<result<http_reply>> http_exchange(Stream& stream, http_call call);

// "host" or "host:port" (IPv6 bracketed), as a Host header says it.
std::string host_header(const std::string& host, unsigned port, unsigned default_port);

}  // namespace hrn::blocks::detail
