#pragma once
// DNS over HTTPS (RFC 8484) over HTTP/2 (RFC 9113) on one already
// established TLS stream that negotiated ALPN "h2". Every exchange is a
// stream of its own on the one connection, so the queries of a flight, which
// their callers start together, leave in ONE write and are answered in one
// round trip, as over pipelined TCP. nghttp2 does the framing, HPACK and
// flow control; this class only moves its bytes on the Asio loop.

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "hrn/dns/transport/byte_stream.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

class doh_h2_client {
 public:
  // Sends the connection preface and starts reading. `authority` is the
  // :authority (HOST or HOST:PORT), `path` the :path of every request.
  static std::shared_ptr<doh_h2_client> start(boost::asio::any_io_executor ex,
                                              std::unique_ptr<byte_stream> stream,
                                              std::string authority, std::string path);
  ~doh_h2_client();

  // One POST with the query (its ID set to 0, RFC 8484 §4.1). Error codes:
  // `upstream_timeout`, `upstream_error` (the server reset the stream or
  // went away, an HTTP status, type or size problem, a protocol error; the
  // message says which).
  boost::asio::awaitable<result<bytes>> exchange(bytes query, std::chrono::milliseconds timeout);

  // Fails every waiting exchange and closes the stream.
  void close();
  bool is_open() const;
  // Requests answered with a DNS message.
  unsigned exchanges() const;

  struct impl;

 private:
  explicit doh_h2_client(std::shared_ptr<impl> p) : impl_(std::move(p)) {}
  std::shared_ptr<impl> impl_;
};

}  // namespace hrn::dns
