#pragma once
// A Redis connection on the relay's one Asio event loop. hiredis formats the
// commands and reads the replies (reply.hpp); the bytes move over Asio
// (TCP, TLS or a unix socket), and every wait has a deadline.
//
// One connection, pipelined: commands go out in order as they are asked and
// replies are matched to them in order (Redis answers in order). A reply
// that does not come within `command_timeout` fails its caller with
// redis_timeout and drops the connection, since later replies could no
// longer be matched; every other waiting caller fails with it.
//
// While there is no connection, calls fail at once with redis_unavailable
// (a relay without its shared cache must not wait for it), and the client
// tries to connect again in the background, with a growing pause (from
// `retry_min` to `retry_max`). `on_state` is told when the connection comes
// up and when it goes down (with the reason), once per change.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "hrn/cache/redis/reply.hpp"
#include "hrn/cache/redis/url.hpp"
#include "hrn/util/result.hpp"

namespace hrn::cache::redis {

struct client_options {
  url where;
  std::string password;  // "" : no AUTH (unless `where.user` is set: then AUTH user "")
  std::string ca_file;   // rediss: extra trusted CAs (PEM) beside the system store
  std::chrono::milliseconds connect_timeout{1000};  // TCP/unix connect + TLS + AUTH + SELECT
  std::chrono::milliseconds command_timeout{250};
  std::chrono::milliseconds retry_min{250};
  std::chrono::milliseconds retry_max{5000};
  reader_limits limits;
};

struct client_counters {
  std::uint64_t commands = 0;
  std::uint64_t failures = 0;     // calls that ended in an error (not error replies)
  std::uint64_t connects = 0;     // successful connections
  std::uint64_t disconnects = 0;  // connections lost or dropped
};

class client {
 public:
  using command = std::vector<std::string>;
  // up = true when a connection is ready; `reason` says why it went down.
  using state_listener = std::function<void(bool up, const std::string& reason)>;

  // Throws std::runtime_error for start-up failures (an unreadable CA file).
  client(boost::asio::any_io_executor executor, client_options options, state_listener on_state = {});
  ~client();
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  // Connects in the background (and keeps reconnecting until stop()).
  void start();
  // Closes the connection; waiting calls fail with redis_unavailable.
  void stop();

  // Sends the commands as one pipeline; one reply per command, in order.
  // Errors: redis_unavailable, redis_timeout, redis_protocol_error. An error
  // reply (kind::error) is a reply, not an error of the call.
  boost::asio::awaitable<result<std::vector<reply>>> run(std::vector<command> commands);

  bool up() const;
  const client_counters& counters() const;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace hrn::cache::redis
