// Listening, accepting and refusing: who gets a connection slot. What a
// connection does with its slot is in http_session.cpp.
#include "hrn/api/http_server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include "hrn/api/errors.hpp"
#include "http_server_impl.hpp"

namespace hrn::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

// Refusals are answered with a 503 and a short lingering close (so the
// client reads the answer instead of a reset). At most this many are in
// flight; beyond that a refused connection is just closed.
constexpr std::size_t max_refusals_in_flight = 256;
constexpr auto refusal_linger = std::chrono::seconds(1);
// Descriptors kept for everything but HTTP clients (upstream connections,
// tor's control port, logs) when the open-file limit caps max_connections.
constexpr std::size_t reserved_descriptors = 256 + max_refusals_in_flight;

std::size_t descriptor_cap(std::size_t wanted) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return wanted;
  const auto limit = static_cast<std::size_t>(rl.rlim_cur);
  const std::size_t fits =
      limit > reserved_descriptors * 2 ? limit - reserved_descriptors : limit / 2;
  if (fits >= wanted) return wanted;
  spdlog::warn("http: the open-file limit ({}) allows {} connections, not {}: raise it (ulimit -n)",
               limit, fits, wanted);
  return fits;
}

void log_internal_error(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    spdlog::error("http: connection ended by an internal error: {}", ex.what());
  }
}

}  // namespace

http_response plain_error(int status, std::string_view code, std::string_view message) {
  http_response r;
  r.status = status;
  r.body = "{\"error\":{\"code\":\"" + std::string(code) + "\",\"message\":\"" +
           std::string(message) + "\"}}";
  return r;
}

std::string client_key(const asio::ip::address& peer) {
  if (peer.is_v4()) return peer.to_v4().to_string();
  const auto v6 = peer.to_v6();
  if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_string();
  // One host usually holds a whole /64: keying on full addresses would let
  // it take 2^64 identities.
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return asio::ip::address_v6(bytes).to_string() + "/64";
}

connection_ticket::connection_ticket(std::shared_ptr<http_server::impl> server,
                                     std::string client, bool per_address)
    : server_(std::move(server)), client_(std::move(client)), per_address_(per_address) {
  ++server_->open;
  if (per_address_) ++server_->per_address[client_];
}

connection_ticket::~connection_ticket() {
  if (!server_) return;
  --server_->open;
  if (!per_address_) return;
  auto it = server_->per_address.find(client_);
  if (it != server_->per_address.end() && --it->second == 0) server_->per_address.erase(it);
}

asio::awaitable<void> http_server::impl::refuse(tcp::socket socket, std::string_view message) {
  auto self = shared_from_this();
  ++refusing;
  struct release {
    std::size_t& n;
    ~release() { --n; }
  } released{refusing};
  const std::string body = plain_error(503, errc::too_many_connections, message).body;
  const std::string answer = "HTTP/1.1 503 Service Unavailable\r\nServer: hrn-relay\r\n"
                             "Content-Type: application/json\r\nCache-Control: no-store\r\n"
                             "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body;
  beast::tcp_stream stream(std::move(socket));
  stream.expires_after(refusal_linger);
  auto [ec, n] = co_await asio::async_write(stream, asio::buffer(answer), nothrow);
  if (ec) co_return;
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  // Drain what the client sent until it closes or the linger ends: closing
  // with unread bytes would reset the connection and could lose the answer.
  char sink[1024];
  for (;;) {
    auto [read_ec, read_n] = co_await stream.async_read_some(asio::buffer(sink), nothrow);
    if (read_ec) break;
  }
}

asio::awaitable<void> http_server::impl::accept_loop(listener& l) {
  auto self = shared_from_this();
  asio::steady_timer backoff(io);
  for (;;) {
    auto [ec, socket] = co_await l.acceptor.async_accept(nothrow);
    if (stopping || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      // Out of descriptors and similar: wait a little instead of spinning.
      spdlog::warn("http: accept failed: {}", ec.message());
      backoff.expires_after(std::chrono::milliseconds(100));
      co_await backoff.async_wait(nothrow);
      continue;
    }
    std::string client(listener_kind::onion == l.kind ? "onion" : "");
    if (l.kind == listener_kind::clear) {
      beast::error_code peer_ec;
      const auto peer = socket.remote_endpoint(peer_ec);
      if (peer_ec) continue;  // gone already; the socket closes here
      client = client_key(peer.address());
    }
    // Clear-net: a cap per address. Onion: every connection shares the key
    // "onion", capped as a whole, so Tor users cannot take the connections
    // clear-net clients need (nor the other way round: max_connections).
    const std::size_t cap = l.kind == listener_kind::clear ? limits.max_connections_per_address
                                                           : limits.max_onion_connections;
    const bool capped = cap > 0;
    std::string_view refusal;
    if (open >= connection_cap) {
      ++refused_full;
      refusal = "the relay has too many connections; try again shortly";
    } else if (capped) {
      auto it = per_address.find(client);
      if (it != per_address.end() && it->second >= cap) {
        ++refused_per_address;
        refusal = "too many connections from your address";
      }
    }
    if (!refusal.empty()) {
      if (refusing < max_refusals_in_flight)
        asio::co_spawn(io, refuse(std::move(socket), refusal), log_internal_error);
      continue;
    }
    ++accepted;
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    connection_ticket ticket(self, std::move(client), capped);
    asio::co_spawn(io, session(std::move(socket), l.kind, std::move(ticket)), log_internal_error);
  }
}

http_server::http_server(asio::io_context& io, request_handler handler, http_server_limits limits)
    : impl_(std::make_shared<impl>(io, std::move(handler), limits)) {
  impl_->connection_cap = limits.max_connections;
}

http_server::~http_server() { stop(); }

std::uint16_t http_server::listen(const host_port& where, listener_kind kind) {
  beast::error_code ec;
  auto address = asio::ip::make_address(where.host == "localhost" ? "127.0.0.1" : where.host, ec);
  if (ec)
    throw std::runtime_error("listen address '" + where.host +
                             "' must be an IP address (names are not resolved)");
  tcp::endpoint endpoint(address, where.port);
  auto l = std::make_unique<impl::listener>(impl::listener{tcp::acceptor(impl_->io), kind});
  auto& acceptor = l->acceptor;
  acceptor.open(endpoint.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(endpoint, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where.to_string() + ": " + ec.message());
  acceptor.listen(asio::socket_base::max_listen_connections);
  // Once per server: the connection cap covers all listeners together.
  if (impl_->listeners.empty())
    impl_->connection_cap = descriptor_cap(impl_->limits.max_connections);
  const auto port = acceptor.local_endpoint().port();
  impl_->listeners.push_back(std::move(l));
  asio::co_spawn(impl_->io, impl_->accept_loop(*impl_->listeners.back()), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  return port;
}

void http_server::stop() {
  if (!impl_ || impl_->stopping) return;
  impl_->stopping = true;
  beast::error_code ignored;
  for (auto& l : impl_->listeners) l->acceptor.close(ignored);
  // Connections waiting for a request would otherwise hold on until their
  // idle timeout; those in an exchange see `stopping` and close after it.
  for (auto& s : impl_->sessions)
    if (s.idle) s.stream->cancel();
}

std::size_t http_server::open_connections() const { return impl_->open; }

http_server_stats http_server::stats() const {
  http_server_stats s;
  s.open_connections = impl_->open;
  s.accepted = impl_->accepted;
  s.refused_full = impl_->refused_full;
  s.refused_per_address = impl_->refused_per_address;
  s.requests_clear = impl_->requests_clear;
  s.requests_onion = impl_->requests_onion;
  s.timed_out = impl_->timed_out;
  s.rejected_requests = impl_->rejected;
  return s;
}

}  // namespace hrn::api
