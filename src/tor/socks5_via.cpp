// connect_via_socks: the TCP connection to tor's SocksPort plus the handshake,
// under one timeout. The proxy's address is an IP literal, parsed, never
// resolved: the process calls no resolver at all (DESIGN.md mechanism 1).
#include "hrn/tor/socks5.hpp"

#include <string>
#include <tuple>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/dns/transport/deadline.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/tor/errors.hpp"

namespace hrn::tor {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

asio::awaitable<result<tcp::socket>> connect_via_socks(asio::any_io_executor executor,
                                                       host_port proxy, target destination,
                                                       isolation_token isolation,
                                                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  boost::system::error_code parse_ec;
  const auto address = asio::ip::make_address(proxy.host, parse_ec);
  if (parse_ec)
    co_return make_error(tor::errc::bad_address, "the SOCKS proxy must be given as an IP address, not '" +
                                            proxy.host + "' (it must not need resolving)");
  // Refuse a bad destination before opening anything.
  if (auto checked = socks5::make_endpoint(destination.host, destination.port); !checked)
    co_return std::move(checked).err();

  tcp::socket socket(executor);
  const tcp::endpoint proxy_endpoint(address, proxy.port);
  auto connected = co_await dns::with_deadline(
      socket.async_connect(proxy_endpoint, asio::as_tuple(asio::use_awaitable)), timeout);
  if (!connected)
    co_return make_error(dns::transport::errc::upstream_timeout, "connecting to the SOCKS proxy at " +
                                                 proxy.to_string() +
                                                 " timed out; check that tor is running");
  if (auto [ec] = *connected; ec)
    co_return make_error(tor::errc::socks_proxy_unreachable, "cannot connect to the SOCKS proxy at " +
                                                        proxy.to_string() + ": " + ec.message() +
                                                        "; check --tor-socks and that tor is "
                                                        "running");
  // Every write here is a whole message (a SOCKS step, a DNS flight, a TLS
  // record): send it now rather than hold it for an ACK (Nagle), which
  // tor's side often delays until it has something to say.
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);

  auto handshake =
      co_await socks5_connect(socket, std::move(destination), isolation.credentials(), deadline);
  if (!handshake) co_return std::move(handshake).err();
  co_return std::move(socket);
}

}  // namespace hrn::tor
