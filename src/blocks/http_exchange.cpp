#include "http_exchange.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "hrn/blocks/block_ref.hpp"
#include "hrn/blocks/errors.hpp"

namespace hrn::blocks::detail {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t max_header_bytes = 8 * 1024;
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
  if (wec) co_return make_error(errc::source_unreachable, "sending the request failed: " + wec.message());

  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(max_header_bytes);
  parser.body_limit(max_reply_bytes);
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, nothrow);
  if (rec == http::error::body_limit || rec == http::error::header_limit)
    co_return make_error(errc::reply_too_large, "the reply is over " + std::to_string(max_reply_bytes) +
                                                    " bytes (or its header over " +
                                                    std::to_string(max_header_bytes) + ")");
  if (rec) co_return make_error(errc::source_unreachable, "reading the reply failed: " + rec.message());
  auto res = parser.release();
  co_return http_reply{res.result_int(), std::move(res.body())};
}

template asio::awaitable<result<http_reply>> http_exchange(asio::ip::tcp::socket&, http_call);
template asio::awaitable<result<http_reply>> http_exchange(asio::ssl::stream<asio::ip::tcp::socket>&, http_call);

}  // namespace hrn::blocks::detail
