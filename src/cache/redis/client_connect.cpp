#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>

#include "connection.hpp"
#include "hrn/cache/redis/errors.hpp"

namespace hrn::cache::redis {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

error unavailable(const client_options& o, std::string why) {
  return make_error(errc::redis_unavailable, "Redis at " + o.where.to_string() + ": " + std::move(why));
}

// The operator's own server: a name is looked up with the system resolver
// (it is local infrastructure, so the lookup tells nobody anything).
asio::awaitable<result<connection::tcp_socket>> connect_tcp(client_options o) {
  auto ex = co_await asio::this_coro::executor;
  std::vector<tcp::endpoint> endpoints;
  boost::system::error_code literal_ec;
  const auto address = asio::ip::make_address(o.where.host, literal_ec);
  if (!literal_ec) {
    endpoints.emplace_back(address, o.where.port);
  } else {
    tcp::resolver resolver(ex);
    auto lookup = resolver.async_resolve(o.where.host, std::to_string(o.where.port), nothrow);
    auto [ec, found] = co_await std::move(lookup);
    if (ec) co_return unavailable(o, "cannot resolve '" + o.where.host + "': " + ec.message());
    for (const auto& entry : found) endpoints.push_back(entry.endpoint());
  }
  tcp::socket socket(ex);
  auto connecting = asio::async_connect(socket, endpoints, nothrow);
  auto [ec, chosen] = co_await std::move(connecting);
  if (ec) co_return unavailable(o, "cannot connect: " + ec.message());
  // Commands are small and each caller waits for its reply: no Nagle delay.
  socket.set_option(tcp::no_delay(true), ec);
  co_return std::move(socket);
}

asio::awaitable<result<connection::stream_type>> connect_stream(client_options o,
                                                                std::shared_ptr<asio::ssl::context> tls) {
  auto ex = co_await asio::this_coro::executor;
  if (o.where.kind == url::transport::unix_socket) {
    connection::unix_socket socket(ex);
    auto connecting = socket.async_connect(asio::local::stream_protocol::endpoint(o.where.path), nothrow);
    auto [ec] = co_await std::move(connecting);
    if (ec) co_return unavailable(o, "cannot connect to the socket: " + ec.message());
    co_return connection::stream_type(std::move(socket));
  }
  auto tcp_op = connect_tcp(o);
  auto socket = co_await std::move(tcp_op);
  if (!socket) co_return std::move(socket).err();
  if (o.where.kind == url::transport::tcp) co_return connection::stream_type(std::move(*socket));
  auto handshake = tor::tls_connect(std::move(*socket), *tls, o.where.host, o.connect_timeout);
  auto secured = co_await std::move(handshake);
  if (!secured) co_return unavailable(o, secured.err().message);
  co_return connection::stream_type(std::move(*secured));
}

// Each stream type's own call, behind one signature.
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace

asio::any_io_executor connection::executor() {
  return std::visit(overloaded{[](std::unique_ptr<tor::tls_stream>& s) { return s->get_executor(); },
                               [](auto& s) -> asio::any_io_executor { return s.get_executor(); }},
                    stream);
}

asio::awaitable<connection::io_result> connection::read_some(asio::mutable_buffer buffer) {
  auto op = std::visit(overloaded{[&](std::unique_ptr<tor::tls_stream>& s) { return s->async_read_some(buffer, nothrow); },
                                  [&](auto& s) { return s.async_read_some(buffer, nothrow); }},
                       stream);
  co_return co_await std::move(op);
}

asio::awaitable<connection::io_result> connection::write_all(asio::const_buffer buffer) {
  auto op = std::visit(overloaded{[&](std::unique_ptr<tor::tls_stream>& s) { return asio::async_write(*s, buffer, nothrow); },
                                  [&](auto& s) { return asio::async_write(s, buffer, nothrow); }},
                       stream);
  co_return co_await std::move(op);
}

void connection::close() {
  boost::system::error_code ignored;
  std::visit(overloaded{[&](std::unique_ptr<tor::tls_stream>& s) { s->lowest_layer().close(ignored); },
                        [&](auto& s) { s.close(ignored); }},
             stream);
}

asio::awaitable<result<std::shared_ptr<connection>>> open_connection(client_options o,
                                                                     std::shared_ptr<asio::ssl::context> tls) {
  auto stream_op = connect_stream(o, tls);
  auto stream = co_await std::move(stream_op);
  if (!stream) co_return std::move(stream).err();
  auto c = std::make_shared<connection>(std::move(*stream), o.limits);

  // What the server must accept before the connection is worth having. PING
  // last: a server that wants a password we do not have says NOAUTH to it.
  std::vector<std::string> steps;
  bytes wire;
  const auto add = [&](std::vector<std::string> command) {
    steps.push_back(command[0]);
    const auto formatted = format_command(command);
    wire.insert(wire.end(), formatted.begin(), formatted.end());
  };
  if (!o.password.empty() || !o.where.user.empty()) {
    if (o.where.user.empty()) add({"AUTH", o.password});
    else add({"AUTH", o.where.user, o.password});
  }
  if (o.where.db != 0) add({"SELECT", std::to_string(o.where.db)});
  add({"PING"});

  auto sending = c->write_all(asio::buffer(wire));
  auto [write_ec, written] = co_await std::move(sending);
  if (write_ec) co_return unavailable(o, "cannot send the handshake: " + write_ec.message());

  std::size_t answered = 0;
  std::vector<std::uint8_t> buffer(4096);
  while (answered < steps.size()) {
    auto next = c->reader.next();
    if (!next) co_return unavailable(o, next.err().message);
    if (!*next) {
      auto reading = c->read_some(asio::buffer(buffer));
      auto [ec, n] = co_await std::move(reading);
      if (ec) co_return unavailable(o, "connection closed during the handshake: " + ec.message());
      if (auto fed = c->reader.feed(byte_view(buffer.data(), n)); !fed)
        co_return unavailable(o, fed.err().message);
      continue;
    }
    const reply& r = **next;
    const std::string& step = steps[answered++];
    if (!r.is_error()) continue;
    if (step == "AUTH")
      co_return unavailable(o, "authentication failed (check the user and --redis-password-file): " + r.text);
    if (r.text.starts_with("NOAUTH"))
      co_return unavailable(o, "authentication required (set --redis-password-file): " + r.text);
    if (step == "SELECT")
      co_return unavailable(o, "cannot select database " + std::to_string(o.where.db) + ": " + r.text);
    co_return unavailable(o, step + " refused: " + r.text);
  }
  co_return c;
}

}  // namespace hrn::cache::redis
