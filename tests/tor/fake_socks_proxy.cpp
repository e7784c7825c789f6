#include "fake_socks_proxy.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace hrn::test {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

// Reads exactly n octets and appends them to `into` (and to `log`); false on
// EOF or error.
asio::awaitable<bool> read_n(tcp::socket& s, std::size_t n, bytes& into, bytes* log = nullptr) {
  bytes chunk(n);
  auto [ec, got] = co_await asio::async_read(s, asio::buffer(chunk), nothrow);
  if (ec) co_return false;
  into.insert(into.end(), chunk.begin(), chunk.end());
  if (log) log->insert(log->end(), chunk.begin(), chunk.end());
  co_return true;
}

asio::awaitable<void> send(tcp::socket& s, const bytes& data) {
  co_await asio::async_write(s, asio::buffer(data), nothrow);
}

// Stops answering but keeps draining, until the client hangs up.
asio::awaitable<void> hold(tcp::socket& s) {
  std::array<std::uint8_t, 256> sink{};
  for (;;) {
    auto [ec, n] = co_await s.async_read_some(asio::buffer(sink), nothrow);
    if (ec) co_return;
  }
}

asio::awaitable<void> echo(tcp::socket& s) {
  std::array<std::uint8_t, 256> buf{};
  for (;;) {
    auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), nothrow);
    if (ec) co_return;
    auto [wec, w] = co_await asio::async_write(s, asio::buffer(buf.data(), n), nothrow);
    if (wec) co_return;
  }
}

asio::awaitable<void> serve(tcp::socket s, proxy_script script, proxy_record& rec) {
  const auto stalls_at = [&](stall step) { return script.stall_at == step; };
  if (stalls_at(stall::after_accept)) co_return co_await hold(s);

  // Greeting: VER NMETHODS METHODS.
  if (!co_await read_n(s, 2, rec.greeting)) co_return;
  if (!co_await read_n(s, rec.greeting[1], rec.greeting)) co_return;
  if (stalls_at(stall::after_greeting)) co_return co_await hold(s);
  const auto offered = [&](std::uint8_t m) {
    return std::find(rec.greeting.begin() + 2, rec.greeting.end(), m) != rec.greeting.end();
  };
  std::uint8_t method = offered(0x02) ? 0x02 : offered(0x00) ? 0x00 : 0xFF;
  if (script.method) method = *script.method;
  if (script.method_reply) co_return co_await send(s, *script.method_reply);
  if (stalls_at(stall::mid_method_reply)) {
    const bytes half{0x05};
    co_await send(s, half);
    co_return co_await hold(s);
  }
  const bytes method_reply{0x05, method};
  co_await send(s, method_reply);
  if (method == 0xFF) co_return;

  if (method == 0x02) {
    bytes field;
    if (!co_await read_n(s, 2, rec.auth)) co_return;  // VER ULEN
    if (!co_await read_n(s, rec.auth[1], field, &rec.auth)) co_return;
    rec.username.assign(field.begin(), field.end());
    field.clear();
    if (!co_await read_n(s, 1, rec.auth)) co_return;  // PLEN
    if (!co_await read_n(s, rec.auth.back(), field, &rec.auth)) co_return;
    rec.password.assign(field.begin(), field.end());
    if (stalls_at(stall::after_auth)) co_return co_await hold(s);
    if (script.auth_reply) co_return co_await send(s, *script.auth_reply);
    if (stalls_at(stall::mid_auth_reply)) {
      const bytes half{0x01};
      co_await send(s, half);
      co_return co_await hold(s);
    }
    const bytes auth_reply{0x01, script.auth_status};
    co_await send(s, auth_reply);
    if (script.auth_status != 0x00) co_return;  // RFC 1929: the server closes
  }

  // CONNECT: VER CMD RSV ATYP DST.ADDR DST.PORT.
  if (!co_await read_n(s, 4, rec.connect)) co_return;
  rec.atyp = rec.connect[3];
  std::size_t addr_octets = rec.atyp == 0x01 ? 4 : rec.atyp == 0x04 ? 16 : 0;
  if (rec.atyp == 0x03) {
    if (!co_await read_n(s, 1, rec.connect)) co_return;
    addr_octets = rec.connect.back();
  }
  if (!co_await read_n(s, addr_octets, rec.address, &rec.connect)) co_return;
  bytes port;
  if (!co_await read_n(s, 2, port, &rec.connect)) co_return;
  rec.port = static_cast<std::uint16_t>(port[0] << 8 | port[1]);
  if (stalls_at(stall::after_connect_request)) co_return co_await hold(s);
  if (script.connect_reply) co_return co_await send(s, *script.connect_reply);
  if (stalls_at(stall::mid_reply)) {
    const bytes part{0x05, 0x00, 0x00, 0x01, 127, 0};
    co_await send(s, part);
    co_return co_await hold(s);
  }
  // Like tor: an IPv4 BND.ADDR whatever the request was.
  bytes reply{0x05, script.rep, 0x00, 0x01, 127, 0, 0, 1, 0x23, 0x28};
  reply.insert(reply.end(), script.after_reply.begin(), script.after_reply.end());
  co_await send(s, reply);
  if (script.rep == 0x00 && script.echo) co_await echo(s);
}

}  // namespace

bytes append(bytes head, std::string_view tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

proxy_record run_with_proxy(const proxy_script& script, const proxy_client& client,
                            bool* client_finished) {
  asio::io_context io;
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  proxy_record record;
  bool finished = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto [ec, s] = co_await acceptor.async_accept(nothrow);
        if (ec) co_return;
        record.accepted = true;
        co_await serve(std::move(s), script, record);
      },
      asio::detached);
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await client(io, port);
        finished = true;
        // Nobody else will connect: let the accept end if it is still waiting.
        boost::system::error_code ignored;
        acceptor.close(ignored);
      },
      asio::detached);
  io.run_for(10s);
  if (client_finished) *client_finished = finished;
  return record;
}

handshake_outcome run_handshake(const proxy_script& script, const tor::target& destination,
                                std::optional<tor::socks_credentials> credentials,
                                std::chrono::milliseconds deadline) {
  handshake_outcome out;
  out.record = run_with_proxy(
      script,
      [&](asio::io_context& io, std::uint16_t port) -> asio::awaitable<void> {
        tcp::socket s(io);
        const tcp::endpoint proxy(asio::ip::make_address("127.0.0.1"), port);
        auto [ec] = co_await s.async_connect(proxy, nothrow);
        if (ec) co_return;
        const auto start = std::chrono::steady_clock::now();
        out.result = co_await tor::socks5_connect(s, destination, credentials, start + deadline);
        out.elapsed = std::chrono::steady_clock::now() - start;
      },
      &out.finished);
  return out;
}

}  // namespace hrn::test
