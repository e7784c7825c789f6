#pragma once
// The HTTP/1.1 listener: one coroutine per connection, a deadline on every
// read and write, keep-alive, bounded request sizes, bounded connection
// counts (in all and per client address). One server may listen on several
// sockets; a socket opened as listener_kind::onion is the one the relay
// publishes as its onion service.
//
// Runs on one event loop (the relay's): handlers and sessions are never
// concurrent. The counters are atomics so another thread may read stats().

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>

#include "hrn/api/http.hpp"
#include "hrn/util/host_port.hpp"

namespace boost::asio {
class io_context;
}

namespace hrn::api {

using request_handler = std::function<boost::asio::awaitable<http_response>(http_request)>;

enum class listener_kind {
  clear,  // peers are who they say: per-address caps, client = the address
  onion,  // peers are all the local tor: no per-address cap, client = "onion"
};

struct http_server_limits {
  // Header bytes (request line included) beyond this get 431.
  std::size_t max_header_bytes = 8 * 1024;
  // Header fields beyond this get 431. The API needs a handful; the cap
  // keeps a header of many tiny fields from costing more than its bytes.
  std::size_t max_header_fields = 64;
  // A body beyond this gets 413 (the API's bodies are small JSON).
  std::size_t max_body_bytes = 64 * 1024;
  // A request's header and body must arrive within this, counted from the
  // connection's accept for its first request and from the first byte for
  // later ones: a client sending a byte now and then (slowloris) loses its
  // connection instead of holding it.
  std::chrono::milliseconds request_timeout{std::chrono::seconds(10)};
  // A keep-alive connection waiting for its next request is closed after this.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(15)};
  // A response must be taken by the client within this.
  std::chrono::milliseconds write_timeout{std::chrono::seconds(30)};
  // No request is read on a connection older than this; the response to the
  // one in progress is sent (within write_timeout) and the connection closed.
  std::chrono::milliseconds max_connection_lifetime{std::chrono::minutes(5)};
  // Connections held at once, over all listeners. More are accepted, told
  // 503 too_many_connections and closed at once: never queued. Also capped
  // by the process's open-file limit (a warning says so at listen).
  std::size_t max_connections = 4096;
  // Connections held at once by one clear-net address (IPv6: one /64), so
  // one host cannot take every slot. Not applied on onion listeners. 0: no cap.
  std::size_t max_connections_per_address = 64;
  // All onion-listener connections together (they share one client key); 0 = no cap
  // beyond max_connections.
  std::size_t max_onion_connections = 2048;
};

// Counters for /metrics. Totals since the server was made; no addresses.
struct http_server_stats {
  std::size_t open_connections = 0;     // now
  std::uint64_t accepted = 0;           // connections taken into service
  std::uint64_t refused_full = 0;       // refused: max_connections reached
  std::uint64_t refused_per_address = 0;  // refused: the address's cap reached
  std::uint64_t requests_clear = 0;     // complete requests read, clear-net listeners
  std::uint64_t requests_onion = 0;     // complete requests read, onion listeners
  std::uint64_t timed_out = 0;          // connections closed by a deadline
  std::uint64_t rejected_requests = 0;  // malformed or over a limit: 400/411/413/431
};

class http_server {
 public:
  http_server(boost::asio::io_context& io, request_handler handler, http_server_limits limits = {});
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  // Binds and starts accepting; returns the bound port (so port 0 works in
  // tests). The host must be an IP literal or "localhost": the relay never
  // resolves names. May be called more than once, e.g. once for the public
  // listener and once (kind onion) for the loopback port tor forwards the
  // onion service to. Throws std::runtime_error when it cannot bind (start-up).
  std::uint16_t listen(const host_port& where, listener_kind kind = listener_kind::clear);

  // Stops accepting; connections waiting for a request are closed, those in
  // an exchange finish it and close.
  void stop();

  std::size_t open_connections() const;
  http_server_stats stats() const;

  struct impl;  // opaque: the listener's internals (src/api/http_server_impl.hpp)

 private:
  std::shared_ptr<impl> impl_;
};

// The rate-limit and per-address key of a clear-net peer: the IPv4 address
// as text (IPv4-mapped IPv6 included), or an IPv6 peer's /64 as
// "2001:db8:1:2::/64".
std::string client_key(const boost::asio::ip::address& peer);

}  // namespace hrn::api
