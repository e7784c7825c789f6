#pragma once
// One HTTP/1.1 request and its reply on a connected stream (a TCP socket, or
// TLS over Tor), with the caps every reply from a stranger's server gets:
// headers of at most 8 KiB, a body of at most `max_body` bytes, a chunk line
// or trailer section of at most 16 KiB. The request carries exactly Host,
// Accept: application/json, Connection: close (and Authorization and a JSON
// Content-Type when given a body): no User-Agent, nothing that tells one
// relay or one client from another. The caller bounds the time. Used by the
// block source (Esplora, bitcoind) and the Lightning Address fetch.

#include <cstddef>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "hrn/util/result.hpp"

namespace hrn::tor {

struct http_call {
  bool post = false;
  std::string host;           // the Host header, port included when not the default
  std::string target;         // "/api/blocks"
  std::string body;           // POST only (JSON)
  std::string authorization;  // "" or the Authorization header's value
  std::size_t max_body = 64 * 1024;
};

struct http_reply {
  unsigned status = 0;
  std::string body;
};

// Errors http_reply_too_large (headers, body or a chunk line over the caps),
// http_exchange_failed (the write or read failed, the peer closed early);
// callers say them in their own module's codes.
template <class Stream>
boost::asio::awaitable<result<http_reply>> http_exchange(Stream& stream, http_call call);

// "host" or "host:port" (IPv6 bracketed), as a Host header says it.
std::string host_header(const std::string& host, unsigned port, unsigned default_port);

}  // namespace hrn::tor
