#pragma once
// DNS over HTTPS (RFC 8484 §4.1, POST with application/dns-message) over
// HTTP/1.1 keep-alive on one already-established stream: TLS, or plain TCP
// to an onion service (whose address already authenticates the server).
// HTTP/1.1 has one request in flight per connection, so exchanges on one
// client run one after another and concurrent callers wait their turn: the
// fallback for servers that do not offer HTTP/2 (doh_h2_client).

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "hrn/dns/transport/byte_stream.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

class doh_client {
 public:
  // `authority` is sent as the Host header (HOST, or HOST:PORT off the
  // scheme's default port); `path` as the target.
  doh_client(std::unique_ptr<byte_stream> stream, std::string authority, std::string path);
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

// What both DoH clients check in a reply (RFC 8484 §4.2.1: a 2xx answer of
// type application/dns-message holding a DNS message).
inline constexpr std::size_t max_doh_message = 65535;
inline constexpr std::string_view doh_message_type = "application/dns-message";
// Empty when the reply is acceptable, otherwise why not.
std::string doh_reply_problem(unsigned status, std::string_view content_type, std::size_t body_size);

}  // namespace hrn::dns
