#include "hrn/resolve/upstream_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/dns/transport/deadline.hpp"
#include "hrn/dns/transport/doh_client.hpp"
#include "hrn/dns/transport/doh_h2_client.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/dns/transport/tcp_pipeline.hpp"
#include "hrn/tor/socks5.hpp"
#include "hrn/tor/tls.hpp"

namespace hrn::resolve {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

class tcp_session final : public upstream_session {
 public:
  tcp_session(asio::any_io_executor ex, tcp::socket s, std::chrono::milliseconds timeout)
      : pipeline_(dns::tcp_pipeline::start(ex, dns::make_byte_stream(std::move(s)))), timeout_(timeout) {}
  ~tcp_session() override { close(); }
  dns_exchange exchange() override {
    return [p = pipeline_, t = timeout_, this](bytes q) {
      ++exchanges_;
      return p->exchange(std::move(q), t);
    };
  }
  bool sequential() const override { return false; }
  unsigned exchanges() const override { return exchanges_; }
  void close() override { pipeline_->close(); }

 private:
  std::shared_ptr<dns::tcp_pipeline> pipeline_;
  std::chrono::milliseconds timeout_;
  unsigned exchanges_ = 0;
};

// A session over a DoH client: HTTP/1.1 (doh_client: one request at a time,
// each a round trip of its own) or HTTP/2 (doh_h2_client: a flight's queries
// are concurrent streams, one round trip).
template <class Client, bool Sequential>
class doh_session final : public upstream_session {
 public:
  doh_session(std::shared_ptr<Client> client, std::chrono::milliseconds timeout)
      : client_(std::move(client)), timeout_(timeout) {}
  ~doh_session() override { close(); }
  dns_exchange exchange() override {
    return [c = client_, t = timeout_](bytes q) { return c->exchange(std::move(q), t); };
  }
  bool sequential() const override { return Sequential; }
  unsigned exchanges() const override { return client_->exchanges(); }
  void close() override { client_->close(); }

 private:
  std::shared_ptr<Client> client_;
  std::chrono::milliseconds timeout_;
};
using doh1_session = doh_session<dns::doh_client, true>;
using doh2_session = doh_session<dns::doh_h2_client, false>;

std::shared_ptr<upstream_session> http1_session(std::unique_ptr<dns::byte_stream> stream, const dns::upstream& u,
                                                std::chrono::milliseconds timeout) {
  return std::make_shared<doh1_session>(
      std::make_shared<dns::doh_client>(std::move(stream), u.authority(), u.path), timeout);
}

asio::awaitable<result<tcp::socket>> connect_direct(asio::any_io_executor ex, const dns::upstream& u,
                                                    std::chrono::milliseconds timeout) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(u.host, ec);
  if (ec)
    co_return make_error(dns::transport::errc::upstream_error, "without Tor the upstream must be an IP address, not '" +
                                               u.host + "' (names are never resolved locally)");
  tcp::socket socket(ex);
  auto done = co_await dns::with_deadline(
      socket.async_connect({address, u.port}, asio::as_tuple(asio::use_awaitable)), timeout);
  if (!done) co_return make_error(dns::transport::errc::upstream_timeout, "connecting to " + u.to_string() + " timed out");
  if (auto [cec] = *done; cec)
    co_return make_error(dns::transport::errc::upstream_error, "cannot connect to " + u.to_string() + ": " + cec.message());
  // A DNS flight is one write: send it now, not after an ACK (Nagle).
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  co_return std::move(socket);
}

}  // namespace

asio::awaitable<result<std::shared_ptr<upstream_session>>> upstream_session::open(
    asio::any_io_executor ex, const upstream_config& config, tor::isolation_token isolation) {
  const auto& u = config.upstream;
  // (Not a ?: with co_await in both arms: g++ 12 miscompiles that.)
  std::optional<result<tcp::socket>> socket;
  if (config.tor_socks) {
    host_port destination{u.host, u.port};
    socket.emplace(co_await tor::connect_via_socks(ex, *config.tor_socks, destination, isolation,
                                                   config.timeout));
  } else {
    socket.emplace(co_await connect_direct(ex, u, config.timeout));
  }
  if (!*socket) co_return std::move(*socket).err();
  if (u.proto == dns::upstream::protocol::tcp)
    co_return std::shared_ptr<upstream_session>(
        std::make_shared<tcp_session>(ex, std::move(**socket), config.timeout));
  // Plain HTTP only reaches an onion service (the parser allows nothing
  // else): HTTP/1.1, as a server without TLS has no ALPN to offer HTTP/2.
  if (u.proto == dns::upstream::protocol::http)
    co_return http1_session(dns::make_byte_stream(std::move(**socket)), u, config.timeout);
  if (!config.tls) co_return make_error(dns::transport::errc::upstream_error, "no TLS context for " + u.to_string());
  // HTTP/2 first (RFC 8484 §5.2: HTTP/2 is the minimum RECOMMENDED version),
  // HTTP/1.1 for servers that do not offer it.
  // (A named vector, not a braced list inside the co_await: g++ 12 fails on that.)
  std::vector<std::string> alpn{"h2", "http/1.1"};
  auto tls = co_await tor::tls_connect(std::move(**socket), *config.tls, u.host, config.timeout,
                                       std::move(alpn));
  if (!tls) co_return std::move(tls).err();
  const bool h2 = tor::negotiated_alpn(**tls) == "h2";
  auto stream = dns::make_byte_stream(std::move(**tls));
  if (h2)
    co_return std::shared_ptr<upstream_session>(std::make_shared<doh2_session>(
        dns::doh_h2_client::start(ex, std::move(stream), u.authority(), u.path), config.timeout));
  co_return http1_session(std::move(stream), u, config.timeout);
}

}  // namespace hrn::resolve
