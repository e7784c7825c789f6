#include "https_get.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "hrn/lnurl/errors.hpp"

namespace hrn::resolve::detail {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint32_t max_header_bytes = 8 * 1024;
// Beast's header limit covers the header block only; a chunk-size line or a
// trailer section is read until its end however long it grows. The buffer
// cap bounds those (RFC 9112 §7.1).
constexpr std::size_t max_unparsed_bytes = 2 * max_header_bytes;
}  // namespace

asio::awaitable<result<https_reply>> https_get(tor::tls_stream& stream, std::string host, std::string target,
                                               std::size_t max_body) {
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, host);
  req.set(http::field::accept, "application/json");
  req.set(http::field::connection, "close");
  auto [wec, wn] = co_await http::async_write(stream, req, nothrow);
  if (wec) co_return make_error(lnurl::errc::lnurl_unreachable, "sending the request failed: " + wec.message());

  boost::beast::flat_buffer buffer(max_unparsed_bytes);
  http::response_parser<http::string_body> parser;
  parser.header_limit(max_header_bytes);
  parser.body_limit(max_body);
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, nothrow);
  if (rec == http::error::body_limit || rec == http::error::header_limit || rec == http::error::buffer_overflow)
    co_return make_error(lnurl::errc::lnurl_too_large,
                         "the reply is over " + std::to_string(max_body) + " bytes (or its header over " +
                             std::to_string(max_header_bytes) + ")");
  if (rec) co_return make_error(lnurl::errc::lnurl_unreachable, "reading the reply failed: " + rec.message());
  auto res = parser.release();
  https_reply out;
  out.status = res.result_int();
  out.body = std::move(res.body());
  co_return out;
}

}  // namespace hrn::resolve::detail
