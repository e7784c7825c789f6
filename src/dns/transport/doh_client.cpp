#include "hrn/dns/transport/doh_client.hpp"

#include <deque>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "hrn/dns/transport/deadline.hpp"
#include "hrn/dns/transport/errors.hpp"

namespace hrn::dns {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t max_dns_message = 65535;
constexpr std::string_view dns_message_type = "application/dns-message";
}  // namespace

struct doh_client::impl {
  impl(tls_stream s, std::string h, std::string p)
      : stream(std::move(s)), host(std::move(h)), path(std::move(p)) {}

  tls_stream stream;
  std::string host;
  std::string path;
  beast::flat_buffer buffer;
  bool open = true;
  bool busy = false;
  unsigned exchanges = 0;
  std::deque<std::shared_ptr<asio::steady_timer>> queue;  // callers waiting their turn

  void shut() {
    open = false;
    beast::error_code ignored;
    stream.lowest_layer().close(ignored);
  }

  void next_turn() {
    busy = false;
    if (!queue.empty()) {
      queue.front()->cancel();
      queue.pop_front();
    }
  }

  asio::awaitable<result<bytes>> round_trip(bytes query);
};

asio::awaitable<result<bytes>> doh_client::impl::round_trip(bytes query) {
  // RFC 8484 §4.1: the DNS ID SHOULD be 0, so equal questions give equal
  // requests (and nothing per-query leaks into HTTP).
  query[0] = query[1] = 0;
  http::request<http::vector_body<std::uint8_t>> req{http::verb::post, path, 11};
  req.set(http::field::host, host);
  req.set(http::field::content_type, dns_message_type);
  req.set(http::field::accept, dns_message_type);
  req.keep_alive(true);
  req.body() = std::move(query);
  req.prepare_payload();

  auto fail = [&](std::string why) -> result<bytes> {
    shut();
    return make_error(dns::transport::errc::upstream_error, "DoH " + host + ": " + why);
  };

  auto [wec, wn] = co_await http::async_write(stream, req, nothrow);
  if (wec) co_return fail("sending the request failed: " + wec.message());

  http::response_parser<http::vector_body<std::uint8_t>> parser;
  parser.body_limit(max_dns_message);
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, nothrow);
  if (rec) co_return fail("reading the reply failed: " + rec.message());
  auto res = parser.release();
  if (!res.keep_alive()) open = false;
  if (res.result() != http::status::ok)
    co_return fail("HTTP status " + std::to_string(res.result_int()));
  auto type = res[http::field::content_type];
  if (type.substr(0, type.find(';')) != dns_message_type)
    co_return fail("reply is '" + std::string(type) + "', not " + std::string(dns_message_type));
  if (res.body().size() < 12) co_return fail("reply too short for a DNS message");
  ++exchanges;
  co_return std::move(res.body());
}

doh_client::doh_client(tls_stream stream, std::string host, std::string path)
    : impl_(std::make_shared<impl>(std::move(stream), std::move(host), std::move(path))) {}

doh_client::~doh_client() { close(); }

void doh_client::close() {
  if (impl_->open) impl_->shut();
}

bool doh_client::is_open() const { return impl_->open; }
unsigned doh_client::exchanges() const { return impl_->exchanges; }

asio::awaitable<result<bytes>> doh_client::exchange(bytes query,
                                                    std::chrono::milliseconds timeout) {
  auto self = impl_;
  if (query.size() < 12 || query.size() > max_dns_message)
    co_return make_error(dns::transport::errc::upstream_error, "query size out of range");
  asio::steady_timer deadline(co_await asio::this_coro::executor);
  deadline.expires_after(timeout);
  // Wait for our turn; the previous exchange cancels the front timer.
  while (self->busy) {
    auto turn = std::make_shared<asio::steady_timer>(deadline.get_executor());
    turn->expires_at(deadline.expiry());
    self->queue.push_back(turn);
    auto [ec] = co_await turn->async_wait(nothrow);
    if (!ec) {  // the deadline passed while waiting in line
      std::erase(self->queue, turn);
      co_return make_error(dns::transport::errc::upstream_timeout, "no DoH reply before the deadline");
    }
  }
  if (!self->open) co_return make_error(dns::transport::errc::upstream_error, "DoH connection is closed");
  self->busy = true;
  const auto left = deadline.expiry() - std::chrono::steady_clock::now();
  auto reply = co_await with_deadline(self->round_trip(std::move(query)), left);
  deadline.cancel();
  self->next_turn();
  if (!reply) {
    self->shut();  // a half-read HTTP exchange leaves the connection unusable
    co_return make_error(dns::transport::errc::upstream_timeout, "no DoH reply before the deadline");
  }
  co_return std::move(*reply);
}

}  // namespace hrn::dns
