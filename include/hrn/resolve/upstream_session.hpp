#pragma once
// One lookup's connection to its DNS upstream: through Tor's SOCKS port with
// the lookup's isolation credentials (so the lookup rides its own circuit),
// or, for tests and diagnostics only, directly. DNS over TCP or DoH on top.
// The only place the resolver opens connections.

#include <chrono>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "hrn/dns/transport/upstream.hpp"
#include "hrn/resolve/chain_collector.hpp"
#include "hrn/tor/isolation.hpp"
#include "hrn/util/host_port.hpp"
#include "hrn/util/result.hpp"

namespace boost::asio::ssl {
class context;
}

namespace hrn::resolve {

struct upstream_config {
  dns::upstream upstream;
  // Tor's SocksPort (an IP literal). nullopt means direct: no Tor at all.
  std::optional<host_port> tor_socks;
  std::shared_ptr<boost::asio::ssl::context> tls;  // required for https upstreams
  std::chrono::milliseconds timeout{10000};        // connect, handshakes, each query
};

class upstream_session {
 public:
  // Errors: the SOCKS client's (socks_*, onion_*), tls_verify_failed,
  // tls_handshake_failed, upstream_error, upstream_timeout. Direct mode
  // accepts only an IP literal upstream (names are never resolved locally).
  static boost::asio::awaitable<result<std::shared_ptr<upstream_session>>> open(
      boost::asio::any_io_executor executor, const upstream_config& config,
      tor::isolation_token isolation);

  virtual ~upstream_session() = default;
  // Sends through this session (valid while the session lives).
  virtual dns_exchange exchange() = 0;
  // True when queries are answered one at a time (DoH over HTTP/1.1), so
  // every exchange is a round trip of its own.
  virtual bool sequential() const = 0;
  virtual unsigned exchanges() const = 0;
  virtual void close() = 0;
};

}  // namespace hrn::resolve
