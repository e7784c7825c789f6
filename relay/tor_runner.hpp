#pragma once
// Chooses and runs the relay's way to Tor: none (--direct), an existing tor
// (--tor-socks, --tor-control), or a tor the relay starts and supervises.

#include <functional>
#include <memory>
#include <optional>

#include "config.hpp"
#include "hrn/util/host_port.hpp"
#include "tor_link.hpp"
#include "tor_status.hpp"

namespace boost::asio {
class io_context;
}
namespace hrn::tor {
class managed_tor;
}

namespace hrn::relay {

class tor_runner {
 public:
  tor_runner(boost::asio::io_context& io, const config& cfg, host_port api, tor_status& status);
  ~tor_runner();

  void start();
  // Removes the onion service, stops a managed tor, then calls `done`
  // (bounded in time: a stuck tor cannot hold the relay's exit).
  void stop(std::function<void()> done);

  // Where lookups must connect: tor's SOCKS port, once known (nullopt when direct).
  std::optional<host_port> socks_port() const;

 private:
  boost::asio::io_context& io_;
  const config& cfg_;
  tor_status& status_;
  std::unique_ptr<tor_link> link_;
  std::unique_ptr<tor::managed_tor> managed_;
};

}  // namespace hrn::relay
