// One connection's life: read a request within its deadline, hand it to the
// handler, write the answer, and again while keep-alive, idle and lifetime
// limits allow.
#include <algorithm>
#include <atomic>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include "hrn/api/errors.hpp"
#include "http_server_impl.hpp"
#include "request_parser.hpp"

namespace hrn::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

// Connection numbers, unique in this process (all sessions run on one
// io_context thread, but an atomic costs nothing here and assumes nothing).
std::uint64_t next_connection_number() {
  static std::atomic<std::uint64_t> last{0};
  return ++last;
}

// What to tell a client whose request could not be read; nothing (just
// close) when it vanished, idled or was too slow.
struct read_refusal {
  int status = 0;
  std::string_view code;
  std::string_view message;
};

read_refusal refusal_for(const beast::error_code& ec, const detail::request_parser& parser) {
  if (ec == http::error::body_limit)
    return {413, errc::body_too_large, "request body exceeds the limit"};
  if (ec == http::error::header_limit)
    return {431, errc::headers_too_large,
            parser.too_many_fields ? "request has too many header fields"
                                   : "request headers exceed the limit"};
  if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message)
    return {400, errc::bad_request, "malformed HTTP request"};
  return {};
}

}  // namespace

asio::awaitable<bool> http_server::impl::write(beast::tcp_stream& stream, unsigned version,
                                               bool keep_alive, http_response out) {
  http::response<http::string_body> res{static_cast<http::status>(out.status), version};
  res.set(http::field::server, "hrn-relay");
  if (!out.content_type.empty()) res.set(http::field::content_type, out.content_type);
  // Answers are about a person's payment: no intermediary should keep them.
  res.set(http::field::cache_control, "no-store");
  for (auto& [name, value] : out.headers) res.set(name, value);
  res.body() = std::move(out.body);
  res.keep_alive(keep_alive && !stopping);
  res.prepare_payload();
  // The message is written as one buffer made here rather than by Beast's
  // serializer: its gather-write walks the header one field at a time
  // through layers of buffer views, and that walk cost more CPU than the
  // rest of a cache hit. The bytes are the same: the start line, each field
  // as Beast stores it, the blank line, the body (never chunked: prepare_payload
  // set Content-Length).
  std::string wire;
  wire.reserve(128 + res.body().size());
  const auto v = res.version();
  wire.append("HTTP/").append(1, static_cast<char>('0' + v / 10)).append(".").append(1, static_cast<char>('0' + v % 10));
  wire.append(" ");
  wire.append(std::to_string(res.result_int())).append(" ");
  const auto reason = res.reason();
  wire.append(reason.data(), reason.size()).append("\r\n");
  for (const auto& field : res) {
    const auto name = field.name_string();
    const auto value = field.value();
    wire.append(name.data(), name.size()).append(": ").append(value.data(), value.size()).append("\r\n");
  }
  wire.append("\r\n").append(res.body());
  stream.expires_after(limits.write_timeout);
  auto [ec, n] = co_await asio::async_write(stream, asio::buffer(wire), nothrow);
  if (ec == beast::error::timeout) ++timed_out;
  co_return !ec && res.keep_alive();
}

asio::awaitable<void> http_server::impl::session(tcp::socket socket, listener_kind kind,
                                                 connection_ticket ticket) {
  auto self = shared_from_this();
  const auto born = steady::now();
  const auto end_of_life = born + limits.max_connection_lifetime;
  beast::tcp_stream stream(std::move(socket));
  session_registration registration(*this, stream);
  const auto connection = next_connection_number();
  beast::flat_buffer buffer;
  for (bool first = true; !stopping; first = false) {
    // Between requests the client may think; once it starts one it must
    // finish within request_timeout. The first request's clock starts at
    // accept, so a silent new connection is not granted the idle time too.
    auto started = born;
    if (buffer.size() == 0) {
      const auto wait = first ? limits.request_timeout : limits.idle_timeout;
      stream.expires_at(std::min(steady::now() + wait, end_of_life));
      registration.idle(true);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), nothrow);
      registration.idle(false);
      if (ec == beast::error::timeout) ++timed_out;
      if (ec) break;
      buffer.commit(n);
      if (!first) started = steady::now();
    } else if (!first) {
      started = steady::now();  // a pipelined request is already here
    }
    stream.expires_at(std::min(started + limits.request_timeout, end_of_life));

    detail::request_parser parser(limits.max_header_fields);
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(limits.max_body_bytes);
    auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, nothrow);
    // Bodies must come with a Content-Length (see request_parser.hpp).
    if (!ec && parser.chunked()) {
      ++rejected;
      co_await write(stream, parser.version, false,
                     plain_error(411, errc::length_required,
                                 "send the request body with a Content-Length, not chunked"));
      break;
    }
    if (!ec && !parser.is_done()) {
      // RFC 9110 §10.1.1: a client that sent "Expect: 100-continue" waits
      // for this interim response before the body (curl waits a second).
      if (parser.expect_continue && parser.version >= 11) {
        static constexpr char interim[] = "HTTP/1.1 100 Continue\r\n\r\n";
        auto [wec, wn] = co_await asio::async_write(stream, asio::buffer(interim, sizeof interim - 1), nothrow);
        if (wec) break;
      }
      auto [body_ec, body_n] = co_await http::async_read(stream, buffer, parser, nothrow);
      ec = body_ec;
    }
    if (ec) {
      if (ec == beast::error::timeout) ++timed_out;
      const auto refusal = refusal_for(ec, parser);
      if (refusal.status != 0) {
        ++rejected;
        co_await write(stream, 11, false,
                       plain_error(refusal.status, refusal.code, refusal.message));
      }
      break;
    }
    ++(kind == listener_kind::onion ? requests_onion : requests_clear);

    http_request in;
    in.method = std::move(parser.method);
    in.target = std::move(parser.target);
    in.content_type = std::move(parser.content_type);
    in.accept = std::move(parser.accept);
    in.body = std::move(parser.body);
    in.client = ticket.client();
    in.via_onion = kind == listener_kind::onion;
    in.connection = connection;
    const bool keep_alive = parser.keep_alive() && steady::now() < end_of_life;
    const unsigned version = parser.version;
    stream.expires_never();  // the handler keeps its own deadlines
    // Named local (g++ 12 miscompiles some temporaries in co_await expressions).
    auto handling = handler(std::move(in));
    http_response out = co_await std::move(handling);
    if (!co_await write(stream, version, keep_alive, std::move(out))) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace hrn::api
