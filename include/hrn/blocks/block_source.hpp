#pragma once
// The block source: polls an Esplora server (through Tor) or a local
// bitcoind (JSON-RPC) every --blocks-poll seconds on the relay's event loop
// and keeps the tip for the node-id flag. A tip not re-confirmed within
// --blocks-max-age is dropped, and state() says why.
//
// What it shows the outside: an Esplora operator sees a Tor exit fetch
// GET PATH/blocks every poll interval, each time on a circuit of its own
// (fresh SOCKS credentials), and nothing of the relay's lookups.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>

#include "hrn/blocks/source_spec.hpp"
#include "hrn/flag/chain_tip.hpp"
#include "hrn/util/host_port.hpp"

namespace hrn::blocks {

struct source_options {
  source_spec spec;
  // bitcoind: the cookie file, or a user with a password file.
  std::string rpc_cookie_file;
  std::string rpc_user;
  std::string rpc_password_file;
  std::chrono::seconds poll{60};
  std::chrono::seconds max_age{1800};
  std::string ca_file;  // extra CAs for an https esplora (the system store is always used)
  bool direct = false;  // --direct: esplora without Tor (its host must be an IP literal)
};

// Tor's SOCKS port once tor can carry streams; nullopt while it cannot
// (a poll then waits instead of counting as a failure).
using socks_source = std::function<std::optional<host_port>()>;
using unix_clock = std::function<std::uint64_t()>;

// For /healthz and /metrics.
struct source_status {
  std::string_view kind;                    // "esplora" or "bitcoind"
  std::uint64_t poll_failures = 0;
  std::optional<std::uint64_t> last_good;   // unix seconds of the last poll that confirmed a tip
};

class block_source {
 public:
  // Throws std::runtime_error when an https esplora's --ca-file cannot be read.
  block_source(boost::asio::any_io_executor executor, source_options options, socks_source socks,
               unix_clock clock);
  ~block_source();
  block_source(const block_source&) = delete;
  block_source& operator=(const block_source&) = delete;

  // Starts polling (the first poll at once); stop() cancels the wait or the
  // poll under way and ends the loop. Both are for the event loop's thread.
  void start();
  void stop();

  flag::tip_state state() const;
  source_status status() const;

  struct impl;

 private:
  std::shared_ptr<impl> impl_;
};

}  // namespace hrn::blocks
