#pragma once
// The daemon's link to tor: follow its bootstrap through the control port and
// publish the API as an onion service. Runs as one coroutine for the life of
// the relay; it never opens a connection except to tor's local ports.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include <boost/asio/awaitable.hpp>

#include "hrn/tor/control.hpp"
#include "hrn/util/host_port.hpp"
#include "tor_status.hpp"

namespace hrn::relay {

struct onion_settings {
  bool enabled = false;
  host_port api;  // where the onion service's port 80 leads (the relay's listener)
  std::filesystem::path state_dir;
};

class tor_link {
 public:
  tor_link(tor_status& status, onion_settings onion) : status_(status), onion_(std::move(onion)) {}

  // Connects to the control port, reports bootstrap progress until ready,
  // then publishes the onion service if asked. Returns when `stop()` is
  // called (or on a fatal error, recorded in the status).
  boost::asio::awaitable<void> run(tor::control_options control);

  // Publishes the onion service on `c` (when enabled): ADD_ONION with the
  // key kept in the state directory, then marks it published when tor reports
  // the descriptor upload. Returns without waiting for the upload.
  boost::asio::awaitable<void> publish(tor::control_connection& c);

  // Removes the onion service through `c` (or the link's own connection)
  // and closes the link's own control connection.
  boost::asio::awaitable<void> shutdown(tor::control_connection* c = nullptr);

 private:
  boost::asio::awaitable<bool> follow_bootstrap(tor::control_connection& c);

  tor_status& status_;
  onion_settings onion_;
  std::optional<tor::control_connection> control_;
  std::string service_id_;
  bool stopping_ = false;
};

}  // namespace hrn::relay
