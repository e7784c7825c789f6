#include "hrn/dns/transport/doh_h2_client.hpp"

#include <nghttp2/nghttp2.h>

#include <map>
#include <optional>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/dns/transport/doh_client.hpp"
#include "hrn/dns/transport/errors.hpp"

namespace hrn::dns {
namespace asio = boost::asio;

namespace {

constexpr std::size_t max_header_bytes = 16 * 1024;  // one reply's header block
constexpr std::size_t read_chunk = 16 * 1024;

// One DoH request: its stream's state from submission to close.
struct h2_request {
  explicit h2_request(const asio::any_io_executor& ex) : timer(ex) {}
  asio::steady_timer timer;  // cancelled early when the stream closes
  bytes body_out;            // the query, read by nghttp2's data source
  std::size_t sent = 0;
  unsigned status = 0;
  std::string content_type;
  std::size_t header_bytes = 0;
  bool block_has_status = false;  // the header block being received has :status
  bool ended = false;             // the server's END_STREAM arrived: the reply is whole
  bytes body_in;
  std::string refused;                 // why the reply was cut short by us
  std::optional<result<bytes>> reply;  // set when the stream closed
};

nghttp2_nv header(std::string_view name, std::string_view value) {
  return {reinterpret_cast<std::uint8_t*>(const_cast<char*>(name.data())),
          reinterpret_cast<std::uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
          NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

struct doh_h2_client::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor e, std::unique_ptr<byte_stream> s, std::string a, std::string p)
      : ex(std::move(e)), stream(std::move(s)), authority(std::move(a)), path(std::move(p)) {}
  ~impl() {
    if (session) nghttp2_session_del(session);
  }

  asio::any_io_executor ex;
  std::unique_ptr<byte_stream> stream;
  std::string authority;
  std::string path;
  nghttp2_session* session = nullptr;
  std::map<std::int32_t, std::shared_ptr<h2_request>> streams;  // open streams by ID
  // Closed streams' requests, kept alive until no nghttp2 call is under way
  // (nghttp2 holds pointers to them as stream data until it is done).
  std::vector<std::shared_ptr<h2_request>> retired;
  bool writing = false;  // a write_loop is scheduled or running
  bool open = true;
  bool goaway = false;
  std::string session_error;  // nghttp2's reason when it ended the session itself
  unsigned exchanges = 0;

  std::string prefix() const { return "DoH (HTTP/2) " + authority + ": "; }

  void finish(std::int32_t id, result<bytes> r) {
    auto it = streams.find(id);
    if (it == streams.end()) return;
    it->second->reply = std::move(r);
    it->second->timer.cancel();
    retired.push_back(std::move(it->second));
    streams.erase(it);
  }

  void fail_all(const std::string& why) {
    open = false;
    for (auto& [id, request] : streams) {
      request->reply = result<bytes>(make_error(dns::transport::errc::upstream_error, prefix() + why));
      request->timer.cancel();
      retired.push_back(request);  // the session still points at it until it is deleted
    }
    streams.clear();
    stream->close();
  }

  // Hands nghttp2's pending frames to the stream. Like the TCP pipeline, it
  // first lets the event loop run once, so every request of a flight (and,
  // the first time, the connection preface and SETTINGS) is submitted by
  // then and all leave in ONE write.
  void flush_soon() {
    if (writing || !open) return;
    writing = true;
    asio::co_spawn(ex, write_loop(), asio::detached);
  }

  // nghttp2 wants neither to read nor to write once the session is over: it
  // sent GOAWAY for a connection error of the server's, or both sides went
  // away with no stream left.
  bool session_over() const {
    return !nghttp2_session_want_read(session) && !nghttp2_session_want_write(session);
  }

  std::string why_over() const {
    if (!session_error.empty()) return "HTTP/2 protocol error: " + session_error;
    return goaway ? "the server went away (GOAWAY)" : "the HTTP/2 session ended";
  }

  asio::awaitable<void> write_loop() {
    auto self = shared_from_this();
    co_await asio::post(ex, asio::use_awaitable);
    while (open) {
      bytes batch;
      for (;;) {
        const std::uint8_t* data = nullptr;
        const auto n = nghttp2_session_mem_send(session, &data);
        if (n < 0) {
          fail_all(std::string("HTTP/2 error: ") + nghttp2_strerror(static_cast<int>(n)));
          break;
        }
        if (n == 0) break;
        batch.insert(batch.end(), data, data + n);
      }
      if (open) retired.clear();
      if (!open || batch.empty()) break;
      if (auto ec = co_await stream->write_all(asio::buffer(batch))) {
        fail_all("cannot send: " + ec.message());
        break;
      }
    }
    // RFC 9113 §5.4.1: "After sending the GOAWAY frame for an error
    // condition, the endpoint MUST close the TCP connection." The server
    // may keep it open and silent: without this, every exchange waited
    // for its deadline.
    if (open && session_over()) fail_all(why_over());
    writing = false;
  }

  asio::awaitable<void> read_loop() {
    auto self = shared_from_this();
    std::vector<std::uint8_t> buffer(read_chunk);
    while (open) {
      auto [ec, n] = co_await stream->read_some(asio::buffer(buffer));
      if (!open) co_return;
      if (ec) {
        fail_all("the server closed the connection: " + ec.message());
        co_return;
      }
      const auto used = nghttp2_session_mem_recv(session, buffer.data(), n);
      if (used < 0) {
        fail_all(std::string("HTTP/2 protocol error: ") + nghttp2_strerror(static_cast<int>(used)));
        co_return;
      }
      retired.clear();
      if (session_over()) {
        fail_all(why_over());
        co_return;
      }
      flush_soon();  // SETTINGS and PING acknowledgements, WINDOW_UPDATEs
    }
  }

};

namespace {

using client_impl = doh_h2_client::impl;

client_impl& client_of(void* user_data) { return *static_cast<client_impl*>(user_data); }

h2_request* request_of(nghttp2_session* session, std::int32_t id) {
  return static_cast<h2_request*>(nghttp2_session_get_stream_user_data(session, id));
}

// The query as the request body.
ssize_t read_body(nghttp2_session*, std::int32_t, std::uint8_t* buf, std::size_t length,
                          std::uint32_t* flags, nghttp2_data_source* source, void*) {
  auto& r = *static_cast<h2_request*>(source->ptr);
  const auto n = std::min(length, r.body_out.size() - r.sent);
  std::copy_n(r.body_out.begin() + static_cast<std::ptrdiff_t>(r.sent), n, buf);
  r.sent += n;
  if (r.sent == r.body_out.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(n);
}

int on_header(nghttp2_session* session, const nghttp2_frame* frame, const std::uint8_t* name,
              std::size_t name_len, const std::uint8_t* value, std::size_t value_len, std::uint8_t,
              void*) {
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  auto* r = request_of(session, frame->hd.stream_id);
  if (!r) return 0;
  // A header block no DoH server needs: refuse the stream, not the memory.
  r->header_bytes += name_len + value_len + 32;  // RFC 9113 §6.5.2's accounting
  if (r->header_bytes > max_header_bytes) {
    r->refused = "reply headers larger than " + std::to_string(max_header_bytes) + " octets";
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;  // resets this stream only
  }
  // Only a response's header section (a 1xx's or the final one's: those
  // start with :status, trailers never have it) says what the reply is.
  // RFC 9110 §6.5.1: a recipient "MUST NOT merge a trailer field into a
  // header section unless [...] that definition explicitly permits" it,
  // and Content-Type's does not: a trailer "content-type" used to
  // overwrite the real one.
  if (!r->block_has_status && std::string_view(reinterpret_cast<const char*>(name), name_len) != ":status")
    return 0;
  const std::string_view n(reinterpret_cast<const char*>(name), name_len);
  const std::string_view v(reinterpret_cast<const char*>(value), value_len);
  if (n == ":status") {
    r->block_has_status = true;
    // A 1xx interim answer is followed by the final one, which overwrites it.
    unsigned status = 0;
    for (char c : v) status = c >= '0' && c <= '9' && status < 1000 ? status * 10 + (c - '0') : 1000;
    r->status = status;
  } else if (n == "content-type") {
    r->content_type.assign(v.substr(0, 256));
  }
  return 0;
}

int on_begin_headers(nghttp2_session* session, const nghttp2_frame* frame, void*) {
  if (auto* r = request_of(session, frame->hd.stream_id)) r->block_has_status = false;
  return 0;
}

int on_data(nghttp2_session* session, std::uint8_t, std::int32_t id, const std::uint8_t* data,
            std::size_t len, void*) {
  auto* r = request_of(session, id);
  if (!r || !r->refused.empty()) return 0;
  if (r->body_in.size() + len > max_doh_message) {
    r->refused = "reply larger than a DNS message";
    nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
    return 0;
  }
  r->body_in.insert(r->body_in.end(), data, data + len);
  return 0;
}

int on_stream_close(nghttp2_session* session, std::int32_t id, std::uint32_t error_code,
                    void* user_data) {
  auto& client = client_of(user_data);
  auto* r = request_of(session, id);
  if (!r) return 0;
  using dns::transport::errc::upstream_error;
  if (!r->refused.empty()) {
    client.finish(id, make_error(upstream_error, client.prefix() + r->refused));
  } else if (error_code == NGHTTP2_REFUSED_STREAM && client.goaway) {
    client.finish(id, make_error(upstream_error, client.prefix() + "the server went away (GOAWAY) "
                                                                   "before answering"));
  } else if (error_code != NGHTTP2_NO_ERROR) {
    client.finish(id, make_error(upstream_error,
                                 client.prefix() + "the server reset the stream (" +
                                     nghttp2_http2_strerror(error_code) + ")"));
  } else if (!r->ended) {
    // RFC 9113 §8.1: the last frame of a message carries END_STREAM. A
    // RST_STREAM with NO_ERROR ends the stream, not the message: what came
    // before it may be any prefix of the reply.
    client.finish(id, make_error(upstream_error, client.prefix() + "the server reset the stream "
                                                                   "before the reply was complete"));
  } else if (auto problem = doh_reply_problem(r->status, r->content_type, r->body_in.size());
             !problem.empty()) {
    client.finish(id, make_error(upstream_error, client.prefix() + problem));
  } else {
    ++client.exchanges;
    client.finish(id, std::move(r->body_in));
  }
  return 0;
}

int on_frame(nghttp2_session* session, const nghttp2_frame* frame, void* user_data) {
  if (frame->hd.type == NGHTTP2_GOAWAY) client_of(user_data).goaway = true;
  if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
      (frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
    if (auto* r = request_of(session, frame->hd.stream_id)) r->ended = true;
  return 0;
}

// Frames nghttp2 sent on its own account say why something ended.
int on_frame_sent(nghttp2_session* session, const nghttp2_frame* frame, void* user_data) {
  // Our GOAWAY for a server's connection error carries nghttp2's reason
  // in its debug data (some errors reach no error callback).
  if (frame->hd.type == NGHTTP2_GOAWAY && frame->goaway.error_code != NGHTTP2_NO_ERROR) {
    auto& client = client_of(user_data);
    if (client.session_error.empty()) {
      client.session_error = nghttp2_http2_strerror(frame->goaway.error_code);
      const std::string_view debug(reinterpret_cast<const char*>(frame->goaway.opaque_data),
                                   std::min<std::size_t>(frame->goaway.opaque_data_len, 200));
      if (!debug.empty()) client.session_error.append(": ").append(debug);
    }
    return 0;
  }
  // A RST_STREAM for a reply that broke HTTP/2's message rules (RFC 9113
  // §8.1.1: a malformed response, e.g. a :status that is not three digits
  // or a body longer than its content-length, "MUST" be treated as a stream
  // error): say so, rather than blame the server for a reset. (CANCEL is
  // ours for a timed-out exchange, which has its error already.)
  if (frame->hd.type != NGHTTP2_RST_STREAM || frame->rst_stream.error_code == NGHTTP2_CANCEL) return 0;
  auto* r = request_of(session, frame->hd.stream_id);
  if (r && r->refused.empty())
    r->refused = std::string("malformed HTTP/2 reply (we reset the stream: ") +
                 nghttp2_http2_strerror(frame->rst_stream.error_code) + ")";
  return 0;
}

// nghttp2 says why it is ending the session (a connection error of the
// server's: PUSH_PROMISE with push disabled, a bad frame, a flood). Bad
// HTTP in one stream only resets that stream: not the session's reason.
int on_error(nghttp2_session*, int lib_error, const char* message, std::size_t length, void* user_data) {
  auto& client = client_of(user_data);
  if (lib_error == NGHTTP2_ERR_HTTP_HEADER || lib_error == NGHTTP2_ERR_HTTP_MESSAGING) return 0;
  if (client.session_error.empty()) client.session_error.assign(message, std::min<std::size_t>(length, 200));
  return 0;
}

}  // namespace

std::shared_ptr<doh_h2_client> doh_h2_client::start(asio::any_io_executor ex,
                                                    std::unique_ptr<byte_stream> stream,
                                                    std::string authority, std::string path) {
  auto p = std::make_shared<impl>(ex, std::move(stream), std::move(authority), std::move(path));
  nghttp2_session_callbacks* callbacks = nullptr;
  if (nghttp2_session_callbacks_new(&callbacks) != 0) throw std::bad_alloc();
  nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data);
  nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_stream_close);
  nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, on_frame);
  nghttp2_session_callbacks_set_error_callback2(callbacks, on_error);
  nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, on_frame_sent);
  const int made = nghttp2_session_client_new(&p->session, callbacks, p.get());
  nghttp2_session_callbacks_del(callbacks);
  if (made != 0) throw std::bad_alloc();
  // No server push (RFC 9113 §8.4: a client disables it with SETTINGS).
  const nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
                                             {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, max_header_bytes}};
  nghttp2_submit_settings(p->session, NGHTTP2_FLAG_NONE, settings, std::size(settings));
  asio::co_spawn(ex, p->read_loop(), asio::detached);
  p->flush_soon();
  return std::shared_ptr<doh_h2_client>(new doh_h2_client(std::move(p)));
}

doh_h2_client::~doh_h2_client() { close(); }

void doh_h2_client::close() {
  if (impl_->open) impl_->fail_all("connection closed");
}

// RFC 9113 §6.8: "Receivers of a GOAWAY frame MUST NOT open additional
// streams on the connection", so a pool must not pick it any more.
bool doh_h2_client::is_open() const { return impl_->open && !impl_->goaway; }
unsigned doh_h2_client::exchanges() const { return impl_->exchanges; }

asio::awaitable<result<bytes>> doh_h2_client::exchange(bytes query, std::chrono::milliseconds timeout) {
  auto self = impl_;
  using dns::transport::errc::upstream_error;
  if (!self->open) co_return make_error(upstream_error, self->prefix() + "connection is closed");
  if (query.size() < 12 || query.size() > max_doh_message)
    co_return make_error(upstream_error, "query size out of range");
  // RFC 8484 §4.1: the DNS ID SHOULD be 0 (replies are told apart by stream).
  query[0] = query[1] = 0;
  auto request = std::make_shared<h2_request>(self->ex);
  request->body_out = std::move(query);
  const std::string length = std::to_string(request->body_out.size());
  const nghttp2_nv headers[] = {header(":method", "POST"),
                                header(":scheme", "https"),
                                header(":authority", self->authority),
                                header(":path", self->path),
                                header("content-type", doh_message_type),
                                header("accept", doh_message_type),
                                header("content-length", length)};
  nghttp2_data_provider body{};
  body.source.ptr = request.get();
  body.read_callback = read_body;
  const auto id = nghttp2_submit_request(self->session, nullptr, headers, std::size(headers), &body,
                                         request.get());
  if (id < 0)
    co_return make_error(upstream_error, self->prefix() + "cannot open a stream: " +
                                             nghttp2_strerror(id));
  self->streams.emplace(id, request);
  self->flush_soon();

  request->timer.expires_after(timeout);
  co_await request->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  if (request->reply) co_return std::move(*request->reply);
  // Too late: cancel the stream; it stays known (and its body alive for
  // nghttp2) until the server acknowledges, so a late reply is dropped.
  if (self->open) {
    nghttp2_submit_rst_stream(self->session, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
    self->flush_soon();
  }
  co_return make_error(dns::transport::errc::upstream_timeout,
                       "no DoH reply within " + std::to_string(timeout.count()) + " ms");
}

}  // namespace hrn::dns
