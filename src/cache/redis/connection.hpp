#pragma once
// One Redis connection, whichever stream carries it (TCP, TLS, a unix
// socket), with what the client keeps per connection: the commands not yet
// sent, the calls waiting for replies, and the reply reader. Private to
// cache/redis.

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <tuple>
#include <variant>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/cache/redis/client.hpp"
#include "hrn/cache/redis/reply.hpp"
#include "hrn/tor/tls.hpp"

namespace hrn::cache::redis {

inline constexpr auto nothrow = boost::asio::as_tuple(boost::asio::use_awaitable);

// One run(): its commands' replies, in order, or why it failed.
struct call {
  call(const boost::asio::any_io_executor& ex, std::size_t n) : timer(ex), expected(n) {}
  boost::asio::steady_timer timer;  // cancelled when the call is done
  std::size_t expected;
  std::vector<reply> replies;
  std::optional<error> failure;
  bool done = false;
};

struct connection {
  using tcp_socket = boost::asio::ip::tcp::socket;
  using unix_socket = boost::asio::local::stream_protocol::socket;
  using stream_type = std::variant<tcp_socket, std::unique_ptr<tor::tls_stream>, unix_socket>;
  using io_result = std::tuple<boost::system::error_code, std::size_t>;

  connection(stream_type s, const reader_limits& limits)
      : stream(std::move(s)), reader(limits), closed(executor()) {}

  boost::asio::any_io_executor executor();
  boost::asio::awaitable<io_result> read_some(boost::asio::mutable_buffer buffer);
  boost::asio::awaitable<io_result> write_all(boost::asio::const_buffer buffer);
  // Cancels every read and write on it; idempotent.
  void close();

  stream_type stream;
  reply_reader reader;
  bytes outbox;          // commands not yet handed to the stream
  bool writing = false;  // a write loop is scheduled or running
  bool open = true;
  std::deque<std::shared_ptr<call>> pending;  // sent or queued, oldest first
  boost::asio::steady_timer closed;  // the connect loop waits on it; cancelled on drop
};

// Connects, then AUTH, SELECT and PING, so a connection handed back is one
// the server accepts commands on. Errors: redis_unavailable, saying which
// step failed. No deadline of its own: the caller puts one on all of it.
boost::asio::awaitable<result<std::shared_ptr<connection>>> open_connection(
    client_options options, std::shared_ptr<boost::asio::ssl::context> tls);

}  // namespace hrn::cache::redis
