// The SOCKS5 handshake as one coroutine that reads top to bottom: greeting,
// optional RFC 1929 sub-negotiation, CONNECT. Each step is sent, then its
// reply is read exactly as far as the parser asks, all under one deadline.
#include "hrn/tor/socks5.hpp"

#include <string>
#include <tuple>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "hrn/dns/transport/deadline.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/tor/errors.hpp"

namespace hrn::tor {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

error timed_out(const char* step) {
  return make_error(dns::transport::errc::upstream_timeout, std::string("the SOCKS proxy did not ") + step +
                                            " before the deadline; check that tor is running "
                                            "and has bootstrapped");
}

error hung_up(const char* step, const boost::system::error_code& ec) {
  // A proxy that hangs up mid-handshake is treated like a truncated reply.
  return make_error(tor::errc::socks_protocol, std::string("the SOCKS connection broke before the proxy "
                                                  "could ") +
                                          step + " (" + ec.message() +
                                          "); check that --tor-socks points at tor's SocksPort");
}

// Time left before `deadline`, or nullopt when it has passed: a wait is never
// started with no time left, so an expired deadline fails at once.
std::optional<clock::duration> remaining(clock::time_point deadline) {
  const auto left = deadline - clock::now();
  if (left <= clock::duration::zero()) return std::nullopt;
  return left;
}

asio::awaitable<status> write_step(tcp::socket& s, const bytes& data, clock::time_point deadline,
                                   const char* step) {
  const auto left = remaining(deadline);
  if (!left) co_return timed_out(step);
  auto done = co_await dns::with_deadline(asio::async_write(s, asio::buffer(data), nothrow), *left);
  if (!done) co_return timed_out(step);
  if (auto [ec, n] = *done; ec) co_return hung_up(step, ec);
  co_return ok_status();
}

// Reads a reply until `parse` decides, asking the socket for exactly the
// octets the parser still needs: never more, so application bytes that follow
// a CONNECT reply stay in the socket for the caller.
template <class T, class Parse>
asio::awaitable<result<T>> read_reply(tcp::socket& s, Parse parse, clock::time_point deadline,
                                      const char* step) {
  bytes received;
  for (;;) {
    auto decided = parse(byte_view(received));
    if (auto* value = std::get_if<T>(&decided)) co_return std::move(*value);
    if (auto* failure = std::get_if<error>(&decided)) co_return std::move(*failure);
    const std::size_t more = std::get<socks5::need_more>(decided).octets;
    const std::size_t have = received.size();
    received.resize(have + more);  // at most 262 octets in all (a domain BND.ADDR)
    const auto left = remaining(deadline);
    if (!left) co_return timed_out(step);
    auto done = co_await dns::with_deadline(
        asio::async_read(s, asio::buffer(received.data() + have, more), nothrow), *left);
    if (!done) co_return timed_out(step);
    if (auto [ec, n] = *done; ec) co_return hung_up(step, ec);
  }
}

}  // namespace

asio::awaitable<status> socks5_connect(tcp::socket& proxy, target destination,
                                       std::optional<socks_credentials> credentials,
                                       clock::time_point deadline) {
  // Everything that can be refused locally is refused before a byte is sent.
  auto endpoint = socks5::make_endpoint(destination.host, destination.port);
  if (!endpoint) co_return std::move(endpoint).err();
  std::optional<bytes> auth_request;
  if (credentials) {
    auto built = socks5::build_auth_request(*credentials);
    if (!built) co_return std::move(built).err();
    auth_request = std::move(*built);
  }
  const bool with_credentials = credentials.has_value();

  // RFC 1928 §3: method selection.
  const bytes greeting = socks5::build_greeting(with_credentials);
  if (auto sent = co_await write_step(proxy, greeting, deadline, "accept the greeting"); !sent)
    co_return std::move(sent).err();
  auto method = co_await read_reply<std::uint8_t>(
      proxy,
      [with_credentials](byte_view d) { return socks5::parse_method_reply(d, with_credentials); },
      deadline, "answer the greeting");
  if (!method) co_return std::move(method).err();

  // RFC 1929 §2: sub-negotiation, only when the proxy chose it (which, as
  // parse_method_reply checks, it must when credentials were offered).
  if (*method == socks5::method_username_password) {
    if (auto sent = co_await write_step(proxy, *auth_request, deadline, "accept the credentials");
        !sent)
      co_return std::move(sent).err();
    auto accepted = co_await read_reply<unit>(
        proxy, [](byte_view d) { return socks5::parse_auth_reply(d); }, deadline,
        "answer the credentials");
    if (!accepted) co_return std::move(accepted).err();
  }

  // RFC 1928 §4 and §6: CONNECT and its reply.
  const bytes request = socks5::build_connect_request(*endpoint);
  if (auto sent = co_await write_step(proxy, request, deadline, "accept the CONNECT request");
      !sent)
    co_return std::move(sent).err();
  auto reply = co_await read_reply<socks5::connect_reply>(
      proxy, [](byte_view d) { return socks5::parse_connect_reply(d); }, deadline,
      "answer the CONNECT request");
  if (!reply) co_return std::move(reply).err();
  co_return ok_status();
}

}  // namespace hrn::tor
