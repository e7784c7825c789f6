#include "hrn/dns/transport/tcp_pipeline.hpp"

#include <optional>
#include <unordered_map>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <openssl/rand.h>

#include "hrn/dns/transport/errors.hpp"

namespace hrn::dns {
namespace asio = boost::asio;

namespace {

constexpr std::size_t dns_header_size = 12;
constexpr std::size_t max_in_flight = 4096;

struct waiter {
  explicit waiter(const asio::any_io_executor& ex) : timer(ex) {}
  asio::steady_timer timer;             // cancelled early when the reply arrives
  std::optional<result<bytes>> reply;  // set by the reader (or by a failure)
};

}  // namespace

struct tcp_pipeline::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor e, std::unique_ptr<byte_stream> s) : ex(std::move(e)), stream(std::move(s)) {}

  asio::any_io_executor ex;
  std::unique_ptr<byte_stream> stream;
  std::unordered_map<std::uint16_t, std::shared_ptr<waiter>> waiting;
  bytes outbox;          // length-prefixed queries not yet handed to the stream
  bool writing = false;  // a write_loop is scheduled or running
  bool open = true;

  std::uint16_t fresh_id() const {
    for (;;) {
      std::uint8_t b[2];
      if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("RAND_bytes failed");
      std::uint16_t id = static_cast<std::uint16_t>(b[0] << 8 | b[1]);
      if (!waiting.contains(id)) return id;
    }
  }

  void fail_all(const std::string& why) {
    open = false;
    for (auto& [id, w] : waiting) {
      w->reply = result<bytes>(make_error(dns::transport::errc::upstream_error, why));
      w->timer.cancel();
    }
    waiting.clear();
    outbox.clear();
    stream->close();
  }

  // Sends everything queued, one write at a time. It first lets the event
  // loop run once, so the queries of a flight, which their callers start
  // together (as chain collection does), are all queued by then and leave
  // in ONE write: one segment instead of a dozen small ones, which Nagle
  // would hold back behind the first one's ACK (often not sent until its
  // reply comes, so a flight took two round trips) and tor would carry in a
  // cell each.
  asio::awaitable<void> write_loop() {
    auto self = shared_from_this();
    co_await asio::post(ex, asio::use_awaitable);
    while (open && !outbox.empty()) {
      bytes batch = std::exchange(outbox, {});
      if (auto ec = co_await stream->write_all(asio::buffer(batch))) {
        fail_all("cannot send to the DNS upstream: " + ec.message());
        break;
      }
    }
    writing = false;
  }

  asio::awaitable<void> read_loop() {
    auto self = shared_from_this();
    while (open) {
      std::uint8_t prefix[2];
      if (auto ec = co_await stream->read_exactly(asio::buffer(prefix))) {
        if (open) fail_all("DNS upstream closed the connection: " + ec.message());
        co_return;
      }
      const std::size_t length = static_cast<std::size_t>(prefix[0] << 8 | prefix[1]);
      if (length < dns_header_size) {
        fail_all("DNS upstream sent a " + std::to_string(length) + "-octet message");
        co_return;
      }
      bytes message(length);
      if (auto ec = co_await stream->read_exactly(asio::buffer(message))) {
        if (open) fail_all("DNS upstream closed the connection mid-message: " + ec.message());
        co_return;
      }
      const auto id = static_cast<std::uint16_t>(message[0] << 8 | message[1]);
      auto it = waiting.find(id);
      // A reply to nothing we wait for (late, after its deadline, or forged)
      // is dropped; the connection stays usable (RFC 7766 §7).
      if (it == waiting.end()) continue;
      it->second->reply = result<bytes>(std::move(message));
      it->second->timer.cancel();
      waiting.erase(it);
    }
  }
};

std::shared_ptr<tcp_pipeline> tcp_pipeline::start(asio::any_io_executor ex,
                                                  std::unique_ptr<byte_stream> stream) {
  auto p = std::make_shared<impl>(ex, std::move(stream));
  asio::co_spawn(ex, p->read_loop(), asio::detached);
  return std::shared_ptr<tcp_pipeline>(new tcp_pipeline(std::move(p)));
}

tcp_pipeline::~tcp_pipeline() { close(); }

void tcp_pipeline::close() {
  if (impl_->open) impl_->fail_all("connection closed");
}

std::size_t tcp_pipeline::in_flight() const { return impl_->waiting.size(); }
bool tcp_pipeline::is_open() const { return impl_->open; }

asio::awaitable<result<bytes>> tcp_pipeline::exchange(bytes query,
                                                      std::chrono::milliseconds timeout) {
  auto self = impl_;
  if (!self->open) co_return make_error(dns::transport::errc::upstream_error, "DNS connection is closed");
  if (query.size() < dns_header_size || query.size() > 0xffff)
    co_return make_error(dns::transport::errc::upstream_error, "query of " + std::to_string(query.size()) +
                                               " octets cannot be sent over TCP");
  if (self->waiting.size() >= max_in_flight)
    co_return make_error(dns::transport::errc::upstream_error, "too many queries in flight on one connection");

  const auto id = self->fresh_id();
  query[0] = static_cast<std::uint8_t>(id >> 8);
  query[1] = static_cast<std::uint8_t>(id);
  auto w = std::make_shared<waiter>(self->ex);
  w->timer.expires_after(timeout);
  self->waiting.emplace(id, w);

  self->outbox.push_back(static_cast<std::uint8_t>(query.size() >> 8));
  self->outbox.push_back(static_cast<std::uint8_t>(query.size()));
  self->outbox.insert(self->outbox.end(), query.begin(), query.end());
  if (!self->writing) {
    self->writing = true;
    asio::co_spawn(self->ex, self->write_loop(), asio::detached);
  }

  co_await w->timer.async_wait(asio::as_tuple(asio::use_awaitable));
  if (w->reply) co_return std::move(*w->reply);
  if (auto it = self->waiting.find(id); it != self->waiting.end() && it->second == w)
    self->waiting.erase(it);
  co_return make_error(dns::transport::errc::upstream_timeout, "no DNS reply within " +
                                               std::to_string(timeout.count()) + " ms");
}

}  // namespace hrn::dns
