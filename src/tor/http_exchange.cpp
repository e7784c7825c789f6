#include "hrn/tor/http_exchange.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "hrn/tor/errors.hpp"

namespace hrn::tor {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t max_header_bytes = 8 * 1024;
// The read buffer holds what the parser has not consumed yet: the header
// block, then at most one chunk-size line (RFC 9112 §7.1: chunk-size
// [ chunk-ext ] CRLF) or the trailer section. Beast's header limit covers
// the first only; it reads a chunk line or a trailer section until its end
// however long it grows, so without this cap a server could make the relay
// buffer all it sends until the poll's deadline.
constexpr std::size_t max_unparsed_bytes = 2 * max_header_bytes;
}  // namespace

std::string host_header(const std::string& host, unsigned port, unsigned default_port) {
  const bool v6 = host.find(':') != std::string::npos;
  std::string out = v6 ? "[" + host + "]" : host;
  if (port != default_port) out += ":" + std::to_string(port);
  return out;
}

template <class Stream>
asio::awaitable<result<http_reply>> http_exchange(Stream& stream, http_call call) {
  http::request<http::string_body> req{call.post ? http::verb::post : http::verb::get, call.target, 11};
  req.set(http::field::host, call.host);
  req.set(http::field::accept, "application/json");
  // No User-Agent: nothing that tells one relay from another. One request
  // per connection (each poll has its own circuit anyway).
  req.set(http::field::connection, "close");
  if (!call.authorization.empty()) req.set(http::field::authorization, call.authorization);
  if (call.post) {
    req.set(http::field::content_type, "application/json");
    req.body() = std::move(call.body);
  }
  req.prepare_payload();
  auto [wec, wn] = co_await http::async_write(stream, req, nothrow);
  if (wec) co_return make_error(errc::http_exchange_failed, "sending the request failed: " + wec.message());

  boost::beast::flat_buffer buffer(max_unparsed_bytes);
  http::response_parser<http::string_body> parser;
  parser.header_limit(max_header_bytes);
  parser.body_limit(call.max_body);
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, nothrow);
  if (rec == http::error::body_limit || rec == http::error::header_limit || rec == http::error::buffer_overflow)
    co_return make_error(errc::http_reply_too_large, "the reply is over " + std::to_string(call.max_body) +
                                                    " bytes (or its header over " +
                                                    std::to_string(max_header_bytes) +
                                                    ", a chunk line or its trailer over " +
                                                    std::to_string(max_unparsed_bytes) + ")");
  if (rec) co_return make_error(errc::http_exchange_failed, "reading the reply failed: " + rec.message());
  auto res = parser.release();
  co_return http_reply{res.result_int(), std::move(res.body())};
}

template asio::awaitable<result<http_reply>> http_exchange(asio::ip::tcp::socket&, http_call);
template asio::awaitable<result<http_reply>> http_exchange(asio::ssl::stream<asio::ip::tcp::socket>&, http_call);

}  // namespace hrn::tor
