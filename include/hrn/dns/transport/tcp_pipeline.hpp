#pragma once
// DNS over TCP with pipelining (RFC 7766 §6.2.1.1): many queries in flight on
// one connection, replies accepted in any order and matched by message ID.
// This is what lets a whole DNSSEC chain be asked in one round trip.

#include <chrono>
#include <cstdint>
#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "hrn/dns/transport/byte_stream.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

// Error codes: `upstream_timeout` (no reply before the deadline),
// `upstream_error` (connection failed or closed, malformed framing).
class tcp_pipeline {
 public:
  // Takes an already connected stream and starts reading replies from it.
  static std::shared_ptr<tcp_pipeline> start(boost::asio::any_io_executor ex,
                                             std::unique_ptr<byte_stream> stream);
  ~tcp_pipeline();

  // Sends one DNS message and waits for the reply carrying the same ID. The
  // pipeline gives each query a fresh random ID unused on this connection
  // (RFC 5452 §9.2), overwriting the first two octets of `query`. Queries
  // started in the same turn of the event loop (a flight started together)
  // are sent in one write.
  boost::asio::awaitable<result<bytes>> exchange(bytes query, std::chrono::milliseconds timeout);

  // Fails every waiting exchange and closes the stream.
  void close();

  std::size_t in_flight() const;
  bool is_open() const;

  struct impl;

 private:
  explicit tcp_pipeline(std::shared_ptr<impl> p) : impl_(std::move(p)) {}
  std::shared_ptr<impl> impl_;
};

}  // namespace hrn::dns
