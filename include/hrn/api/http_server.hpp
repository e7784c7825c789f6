#pragma once
// The HTTP/1.1 listener: one coroutine per connection, a deadline on every
// read and write, keep-alive, bounded request sizes and connection count.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include <boost/asio/awaitable.hpp>

#include "hrn/api/http.hpp"
#include "hrn/util/host_port.hpp"

namespace boost::asio {
class io_context;
}

namespace hrn::api {

using request_handler = std::function<boost::asio::awaitable<http_response>(http_request)>;

struct http_server_limits {
  std::chrono::seconds read_timeout{30};   // whole request, and keep-alive idle time
  std::chrono::seconds write_timeout{30};
  std::size_t max_header_bytes = 8 * 1024;
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_connections = 4096;
};

class http_server {
 public:
  http_server(boost::asio::io_context& io, request_handler handler, http_server_limits limits = {});
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Binds and starts accepting; returns the bound port (so port 0 works in
  // tests). The host must be an IP literal or "localhost": the relay never
  // resolves names. Throws std::runtime_error when it cannot bind (start-up).
  std::uint16_t listen(const host_port& where);

  // Stops accepting; connections finish their current exchange and close.
  void stop();

  std::size_t open_connections() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace hrn::api
