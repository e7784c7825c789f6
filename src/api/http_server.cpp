#include "hrn/api/http_server.hpp"

#include <atomic>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

namespace hrn::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

// A connection's slot in the server's count, released however the session ends.
class connection_slot {
 public:
  explicit connection_slot(std::atomic<std::size_t>& n) : n_(n) { ++n_; }
  ~connection_slot() { --n_; }
  connection_slot(const connection_slot&) = delete;
  connection_slot& operator=(const connection_slot&) = delete;

 private:
  std::atomic<std::size_t>& n_;
};

http_response plain_error(int status, std::string_view code, std::string_view message) {
  http_response r;
  r.status = status;
  r.body = "{\"error\":{\"code\":\"" + std::string(code) + "\",\"message\":\"" +
           std::string(message) + "\"}}";
  return r;
}

}  // namespace

struct http_server::impl : std::enable_shared_from_this<impl> {
  impl(asio::io_context& io, request_handler h, http_server_limits l)
      : io(io), acceptor(io), handler(std::move(h)), limits(l) {}

  asio::io_context& io;
  tcp::acceptor acceptor;
  request_handler handler;
  http_server_limits limits;
  std::atomic<std::size_t> open{0};
  std::atomic<bool> stopping{false};

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(tcp::socket socket);
  asio::awaitable<bool> write(beast::tcp_stream& stream, unsigned version, bool keep_alive,
                              http_response out);
};

asio::awaitable<void> http_server::impl::accept_loop() {
  auto self = shared_from_this();
  asio::steady_timer backoff(io);
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(nothrow);
    if (stopping || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of descriptors and similar: wait a little instead of spinning.
      spdlog::warn("http: accept failed: {}", ec.message());
      backoff.expires_after(std::chrono::milliseconds(100));
      co_await backoff.async_wait(nothrow);
      continue;
    }
    if (open >= limits.max_connections) {
      socket.close();
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(io, session(std::move(socket)), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("http: connection ended by an internal error: {}", ex.what());
      }
    });
  }
}

asio::awaitable<bool> http_server::impl::write(beast::tcp_stream& stream, unsigned version,
                                               bool keep_alive, http_response out) {
  http::response<http::string_body> res{static_cast<http::status>(out.status), version};
  res.set(http::field::server, "hrn-relay");
  res.set(http::field::content_type, out.content_type);
  // Answers are about a person's payment: no intermediary should keep them.
  res.set(http::field::cache_control, "no-store");
  for (auto& [name, value] : out.headers) res.set(name, value);
  res.body() = std::move(out.body);
  res.keep_alive(keep_alive && !stopping);
  res.prepare_payload();
  stream.expires_after(limits.write_timeout);
  auto [ec, n] = co_await http::async_write(stream, res, nothrow);
  co_return !ec && res.keep_alive();
}

asio::awaitable<void> http_server::impl::session(tcp::socket socket) {
  auto self = shared_from_this();
  connection_slot slot(open);
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(limits.max_body_bytes);
    stream.expires_after(limits.read_timeout);
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, nothrow);
    // Bodies must come with a Content-Length: Boost 1.81's chunked-body
    // parser trips its own assertions on some malformed chunk sequences
    // (found by tests/fuzz/http_request.cpp), and the API's bodies are small
    // JSON documents anyway.
    if (!ec && parser.chunked()) {
      co_await write(stream, parser.get().version(), false,
                     plain_error(411, "length_required",
                                 "send the request body with a Content-Length, not chunked"));
      break;
    }
    if (!ec && !parser.is_done()) {
      auto [body_ec, body_n] = co_await http::async_read(stream, buffer, parser, nothrow);
      ec = body_ec;
    }
    if (ec) {
      // Tell a client what was wrong with its request; a vanished or idle
      // client just loses the connection.
      if (ec == http::error::body_limit)
        co_await write(stream, 11, false,
                       plain_error(413, "body_too_large", "request body exceeds the limit"));
      else if (ec == http::error::header_limit)
        co_await write(stream, 11, false,
                       plain_error(431, "headers_too_large", "request headers exceed the limit"));
      else if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
               ec != http::error::end_of_stream && ec != http::error::partial_message)
        co_await write(stream, 11, false,
                       plain_error(400, "bad_request", "malformed HTTP request"));
      break;
    }
    auto& req = parser.get();
    http_request in{std::string(req.method_string()), std::string(req.target()),
                    std::string(req[http::field::content_type]), std::move(req.body())};
    const bool keep_alive = req.keep_alive();
    const unsigned version = req.version();
    http_response out = co_await handler(std::move(in));
    if (!co_await write(stream, version, keep_alive, std::move(out))) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

http_server::http_server(asio::io_context& io, request_handler handler, http_server_limits limits)
    : impl_(std::make_shared<impl>(io, std::move(handler), limits)) {}

http_server::~http_server() { stop(); }

std::uint16_t http_server::listen(const host_port& where) {
  beast::error_code ec;
  auto address = asio::ip::make_address(where.host == "localhost" ? "127.0.0.1" : where.host, ec);
  if (ec)
    throw std::runtime_error("listen address '" + where.host +
                             "' must be an IP address (names are not resolved)");
  tcp::endpoint endpoint(address, where.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(endpoint, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where.to_string() + ": " + ec.message());
  acceptor.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(impl_->io, impl_->accept_loop(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  return acceptor.local_endpoint().port();
}

void http_server::stop() {
  if (!impl_ || impl_->stopping.exchange(true)) return;
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

std::size_t http_server::open_connections() const { return impl_->open; }

}  // namespace hrn::api
