#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/blocks/errors.hpp"
#include "hrn/blocks/esplora_wire.hpp"
#include "hrn/dns/transport/deadline.hpp"
#include "hrn/tor/isolation.hpp"
#include "hrn/tor/socks5.hpp"
#include "hrn/tor/tls.hpp"
#include "polls.hpp"

namespace hrn::blocks::detail {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// --direct (tests and diagnostics): an IP literal, connected without Tor;
// a name is refused rather than resolved here.
asio::awaitable<result<tcp::socket>> connect_direct(asio::any_io_executor executor, source_spec spec,
                                                    std::chrono::milliseconds timeout) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(spec.host, ec);
  if (ec)
    co_return make_error(errc::bad_block_source, "with --direct the esplora host must be an IP address: "
                                                 "the relay never resolves names itself");
  tcp::socket socket(executor);
  auto op = socket.async_connect(tcp::endpoint(address, spec.port), asio::as_tuple(asio::use_awaitable));
  auto done = co_await dns::with_deadline(std::move(op), timeout);
  if (!done) co_return make_error(errc::source_timeout, "connecting to the esplora server timed out");
  if (auto [cec] = *done; cec)
    co_return make_error(errc::source_unreachable, "cannot connect to the esplora server: " + cec.message());
  co_return std::move(socket);
}

result<std::vector<block_ref>> read_blocks(result<tor::http_reply> reply) {
  if (!reply) return std::move(reply).err();
  if (reply->status != 200)
    return make_error(errc::http_status, "the esplora server answered HTTP " + std::to_string(reply->status));
  return parse_esplora_blocks(reply->body, hashes_kept);
}

}  // namespace

asio::awaitable<result<std::vector<block_ref>>> poll_esplora(asio::any_io_executor executor, source_spec spec,
                                                             std::optional<host_port> socks,
                                                             std::shared_ptr<asio::ssl::context> tls,
                                                             std::chrono::milliseconds step_timeout) {
  result<tcp::socket> connected = make_error(errc::source_unreachable, "not connected");
  if (socks) {
    // A poll is isolated like a lookup: its own credentials, its own circuit,
    // so the esplora operator cannot tie it to anything else this relay does.
    auto token = tor::isolation_token::fresh();
    if (!token) co_return std::move(token).err();
    auto op = tor::connect_via_socks(executor, *socks, tor::target{spec.host, spec.port}, *token, step_timeout);
    connected = co_await std::move(op);
  } else {
    auto op = connect_direct(executor, spec, step_timeout);
    connected = co_await std::move(op);
  }
  if (!connected) co_return std::move(connected).err();

  tor::http_call call;
  call.host = tor::host_header(spec.host, spec.port, spec.tls ? 443 : 80);
  call.target = spec.path + "/blocks";
  if (!spec.tls) {
    auto op = source_exchange(*connected, std::move(call));
    auto reply = co_await std::move(op);
    co_return read_blocks(std::move(reply));
  }
  auto handshake = tor::tls_connect(std::move(*connected), *tls, spec.host, step_timeout);
  auto stream = co_await std::move(handshake);
  if (!stream) co_return std::move(stream).err();
  auto op = source_exchange(**stream, std::move(call));
  auto reply = co_await std::move(op);
  co_return read_blocks(std::move(reply));
}

}  // namespace hrn::blocks::detail
