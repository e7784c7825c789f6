#pragma once
// One HTTP/1.1 GET and its reply on an established TLS stream, with caps on
// what a stranger's server can make us hold: headers of at most 8 KiB, a
// body of at most `max_body` bytes, and a chunk line or trailer section of
// at most 16 KiB. The caller bounds the time. Not a public header.

#include <cstddef>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "hrn/tor/tls.hpp"
#include "hrn/util/result.hpp"

namespace hrn::resolve::detail {

struct https_reply {
  unsigned status = 0;
  std::string body;
};

// Sends `GET target` with exactly these headers: Host, Accept:
// application/json, Connection: close (no User-Agent, nothing that differs
// between relays or clients). Errors lnurl_too_large, lnurl_unreachable.
boost::asio::awaitable<result<https_reply>> https_get(tor::tls_stream& stream, std::string host,
                                                     std::string target, std::size_t max_body);

}  // namespace hrn::resolve::detail
