#include "hrn/dns/transport/doh_client.hpp"

#include <deque>
#include <sstream>

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
// A reply's header block beyond this is not a DoH server's.
constexpr std::uint32_t max_header_bytes = 16 * 1024;
constexpr std::size_t read_chunk = 4096;
constexpr int max_interim_replies = 8;
// What the parser may leave unconsumed: at most a header block in the
// making (the parser's header limit) or one line of chunked framing, plus
// the read that brought it. Body octets are consumed as they arrive.
constexpr std::size_t max_unparsed = max_header_bytes + read_chunk;
}  // namespace

std::string doh_reply_problem(unsigned status, std::string_view content_type, std::size_t body_size) {
  if (status < 200 || status > 299) return "HTTP status " + std::to_string(status);
  // RFC 9110 §8.3.1: "The type and subtype tokens are case-insensitive",
  // and parameters follow as *( OWS ";" OWS parameter ): the type ends at
  // the first ';' or whitespace.
  const auto type = content_type.substr(0, content_type.find_first_of("; \t"));
  if (!beast::iequals(type, doh_message_type))
    return "reply is '" + std::string(content_type) + "', not " + std::string(doh_message_type);
  if (body_size < 12) return "reply too short for a DNS message";
  if (body_size > max_doh_message) return "reply larger than a DNS message";
  return {};
}

struct doh_client::impl {
  impl(std::unique_ptr<byte_stream> s, std::string a, std::string p)
      : stream(std::move(s)), authority(std::move(a)), path(std::move(p)) {}

  std::unique_ptr<byte_stream> stream;
  std::string authority;
  std::string path;
  beast::flat_buffer buffer;  // bytes read past the previous reply
  bool open = true;
  bool busy = false;
  unsigned exchanges = 0;
  std::deque<std::shared_ptr<asio::steady_timer>> queue;  // callers waiting their turn

  void shut() {
    open = false;
    stream->close();
  }

  void next_turn() {
    busy = false;
    if (!queue.empty()) {
      queue.front()->cancel();
      queue.pop_front();
    }
  }

  // Feeds the parser from the buffer, reading more while it needs more.
  asio::awaitable<beast::error_code> read_reply(
      http::response_parser<http::vector_body<std::uint8_t>>& parser) {
    parser.eager(true);
    for (;;) {
      if (buffer.size() > 0) {
        beast::error_code ec;
        buffer.consume(parser.put(buffer.data(), ec));
        if (parser.is_done()) co_return beast::error_code{};
        if (ec && ec != http::error::need_more) co_return ec;
        if (!ec && buffer.size() > 0) continue;  // the parser took part; give it the rest
      }
      // RFC 9112 §7.1.1 asks a server to limit the length of chunk
      // extensions "in the same way that it applies length limitations [...]
      // for other parts of a message"; the same holds for a client reading a
      // stranger's reply. Beast bounds the header, not a chunk-size line:
      // a chunk extension that never ended was kept whole, growing until
      // the deadline.
      if (buffer.size() > max_unparsed) co_return http::error::buffer_overflow;
      auto space = buffer.prepare(read_chunk);
      auto [ec, n] = co_await stream->read_some(space);
      if (ec) {
        if (ec != asio::error::eof) co_return ec;
        beast::error_code eof_ec;
        parser.put_eof(eof_ec);
        co_return parser.is_done() ? beast::error_code{} : (eof_ec ? eof_ec : ec);
      }
      buffer.commit(n);
    }
  }

  asio::awaitable<result<bytes>> round_trip(bytes query);
};

asio::awaitable<result<bytes>> doh_client::impl::round_trip(bytes query) {
  // RFC 8484 §4.1: the DNS ID SHOULD be 0, so equal questions give equal
  // requests (and nothing per-query leaks into HTTP).
  query[0] = query[1] = 0;
  http::request<http::vector_body<std::uint8_t>> req{http::verb::post, path, 11};
  req.set(http::field::host, authority);
  req.set(http::field::content_type, doh_message_type);
  req.set(http::field::accept, doh_message_type);
  req.keep_alive(true);
  req.body() = std::move(query);
  req.prepare_payload();
  std::ostringstream wire;
  wire << req;
  const std::string out = wire.str();

  auto fail = [&](std::string why) -> result<bytes> {
    shut();
    return make_error(dns::transport::errc::upstream_error, "DoH " + authority + ": " + why);
  };

  if (auto ec = co_await stream->write_all(asio::buffer(out)))
    co_return fail("sending the request failed: " + ec.message());

  // RFC 9110 §15.2: "A client MUST be able to parse one or more 1xx
  // responses received prior to a final response, even if the client does
  // not expect one." They are skipped (101 is not: we asked for no
  // upgrade), a few of them, not an endless series.
  http::response<http::vector_body<std::uint8_t>> res;
  for (int interim = 0;; ++interim) {
    http::response_parser<http::vector_body<std::uint8_t>> parser;
    parser.header_limit(max_header_bytes);
    parser.body_limit(max_doh_message);
    if (auto ec = co_await read_reply(parser)) co_return fail("reading the reply failed: " + ec.message());
    res = parser.release();
    const bool is_interim = res.result_int() >= 100 && res.result_int() < 200 && res.result_int() != 101;
    if (!is_interim || interim == max_interim_replies) break;
  }
  // RFC 9112 §9.6: a client that receives "close" "MUST close the
  // connection after reading the response message containing the close
  // connection option" (it used to stay open until this object went).
  if (!res.keep_alive()) shut();
  if (auto problem = doh_reply_problem(res.result_int(), res[http::field::content_type], res.body().size());
      !problem.empty())
    co_return fail(problem);
  ++exchanges;
  co_return std::move(res.body());
}

doh_client::doh_client(std::unique_ptr<byte_stream> stream, std::string authority, std::string path)
    : impl_(std::make_shared<impl>(std::move(stream), std::move(authority), std::move(path))) {}

doh_client::~doh_client() { close(); }

void doh_client::close() {
  if (impl_->open) impl_->shut();
}

bool doh_client::is_open() const { return impl_->open; }
unsigned doh_client::exchanges() const { return impl_->exchanges; }

asio::awaitable<result<bytes>> doh_client::exchange(bytes query,
                                                    std::chrono::milliseconds timeout) {
  auto self = impl_;
  if (query.size() < 12 || query.size() > max_doh_message)
    co_return make_error(dns::transport::errc::upstream_error, "query size out of range");
  asio::steady_timer deadline(co_await asio::this_coro::executor);
  deadline.expires_after(timeout);
  // Wait for our turn; the previous exchange pops the front timer and
  // cancels it. A timer still queued when its wait ends was not woken so:
  // the deadline passed, or our caller gave up on us (cancellation). Either
  // way it leaves the queue now, or the next wake-up would go to it and
  // the caller behind us would wait for its own deadline.
  while (self->busy) {
    auto turn = std::make_shared<asio::steady_timer>(deadline.get_executor());
    turn->expires_at(deadline.expiry());
    self->queue.push_back(turn);
    co_await turn->async_wait(nothrow);
    if (std::erase(self->queue, turn) > 0)
      co_return make_error(dns::transport::errc::upstream_timeout, "no DoH reply before the deadline");
  }
  if (!self->open) co_return make_error(dns::transport::errc::upstream_error, "DoH connection is closed");
  self->busy = true;
  // However this turn ends, even by the exception a cancelled coroutine
  // gets at its next co_await, the next caller in line gets the connection
  // (or finds it closed): a turn never left would wedge it for good.
  struct turn_release {
    impl& client;
    ~turn_release() { client.next_turn(); }
  } release{*self};
  const auto left = deadline.expiry() - std::chrono::steady_clock::now();
  auto op = self->round_trip(std::move(query));
  auto reply = co_await with_deadline(std::move(op), left);
  deadline.cancel();
  if (!reply) {
    self->shut();  // a half-read HTTP exchange leaves the connection unusable
    co_return make_error(dns::transport::errc::upstream_timeout, "no DoH reply before the deadline");
  }
  co_return std::move(*reply);
}

}  // namespace hrn::dns
