#pragma once
// DNS over HTTPS (RFC 8484 §4.1, POST with application/dns-message) on one
// already-established TLS stream, HTTP/1.1 keep-alive. Exchanges on one
// client run one after another; concurrent callers wait their turn.

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

class doh_client {
 public:
  using tls_stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

  // `host` is sent as the Host header (and was the TLS SNI); `path` as the target.
  doh_client(tls_stream stream, std::string host, std::string path);
  ~doh_client();

  // Error codes: `upstream_timeout`, `upstream_error` (HTTP status, content
  // type, size or connection problems, each said in the message).
  boost::asio::awaitable<result<bytes>> exchange(bytes query, std::chrono::milliseconds timeout);

  void close();
  bool is_open() const;
  // HTTP exchanges completed: each was its own round trip (no pipelining).
  unsigned exchanges() const;

  struct impl;

 private:
  std::shared_ptr<impl> impl_;
};

}  // namespace hrn::dns
