#pragma once
// The listener's shared state, used by the accept loops (http_server.cpp)
// and the connection sessions (http_session.cpp). Everything here runs on
// the server's one event loop; the counters are atomics only so that
// stats() may be read from elsewhere.

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "hrn/api/http_server.hpp"

namespace hrn::api {

class connection_ticket;

struct http_server::impl : std::enable_shared_from_this<impl> {
  using tcp = boost::asio::ip::tcp;

  impl(boost::asio::io_context& io, request_handler h, http_server_limits l)
      : io(io), handler(std::move(h)), limits(l) {}

  struct listener {
    tcp::acceptor acceptor;
    listener_kind kind;
  };
  // A connection in service, known so that stop() can close idle ones.
  struct live {
    boost::beast::tcp_stream* stream = nullptr;
    bool idle = false;  // waiting for the first byte of a request
  };

  boost::asio::io_context& io;
  request_handler handler;
  http_server_limits limits;
  std::size_t connection_cap = 0;  // max_connections, lowered to fit the open-file limit
  std::vector<std::unique_ptr<listener>> listeners;
  std::list<live> sessions;
  // Open clear-net connections by client key; entries leave at zero, so the
  // map holds at most connection_cap keys.
  std::unordered_map<std::string, std::size_t> per_address;
  std::size_t refusing = 0;  // refusals still being sent
  bool stopping = false;

  std::atomic<std::size_t> open{0};
  std::atomic<std::uint64_t> accepted{0}, refused_full{0}, refused_per_address{0},
      requests_clear{0}, requests_onion{0}, timed_out{0}, rejected{0};

  boost::asio::awaitable<void> accept_loop(listener& l);
  boost::asio::awaitable<void> refuse(tcp::socket socket, std::string_view message);
  boost::asio::awaitable<void> session(tcp::socket socket, listener_kind kind,
                                      connection_ticket ticket);
  boost::asio::awaitable<bool> write(boost::beast::tcp_stream& stream, unsigned version,
                                     bool keep_alive, http_response out);
};

// A connection's place in the server's counts (open, per address), taken in
// the accept loop before the session starts, so the next accept already
// sees it, and released however the session ends.
class connection_ticket {
 public:
  connection_ticket(std::shared_ptr<http_server::impl> server, std::string client,
                    bool per_address);
  connection_ticket(connection_ticket&& other) noexcept = default;
  connection_ticket& operator=(connection_ticket&&) = delete;
  ~connection_ticket();

  const std::string& client() const { return client_; }

 private:
  std::shared_ptr<http_server::impl> server_;  // null once moved from
  std::string client_;
  bool per_address_;
};

// A session's entry in impl::sessions, so stop() can close it while idle.
class session_registration {
 public:
  session_registration(http_server::impl& server, boost::beast::tcp_stream& stream)
      : server_(server), entry_(server.sessions.insert(server.sessions.end(), {&stream, false})) {}
  ~session_registration() { server_.sessions.erase(entry_); }
  session_registration(const session_registration&) = delete;
  session_registration& operator=(const session_registration&) = delete;

  void idle(bool waiting) { entry_->idle = waiting; }

 private:
  http_server::impl& server_;
  std::list<http_server::impl::live>::iterator entry_;
};

http_response plain_error(int status, std::string_view code, std::string_view message);

}  // namespace hrn::api
