#pragma once
// A connected, ordered byte stream as the DNS transports see it: a TCP socket,
// a TLS stream, or (later) a stream through Tor's SOCKS port. Type-erased so a
// transport is written once over any of them.

#include <cstddef>
#include <memory>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>

namespace hrn::dns {

class byte_stream {
 public:
  virtual ~byte_stream() = default;
  // Reads exactly buffer_size(b) bytes, or fails.
  virtual boost::asio::awaitable<boost::system::error_code> read_exactly(
      boost::asio::mutable_buffer b) = 0;
  // Reads what is there (at least one byte), or fails: for framings whose
  // message lengths are only known once parsed (HTTP).
  virtual boost::asio::awaitable<std::pair<boost::system::error_code, std::size_t>> read_some(
      boost::asio::mutable_buffer b) = 0;
  // Writes all of b, or fails.
  virtual boost::asio::awaitable<boost::system::error_code> write_all(
      boost::asio::const_buffer b) = 0;
  // Aborts pending operations and closes; safe to call more than once.
  virtual void close() = 0;
};

template <class AsyncStream>
class stream_adapter final : public byte_stream {
 public:
  explicit stream_adapter(AsyncStream stream) : stream_(std::move(stream)) {}

  boost::asio::awaitable<boost::system::error_code> read_exactly(
      boost::asio::mutable_buffer b) override {
    auto [ec, n] = co_await boost::asio::async_read(
        stream_, b, boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return ec;
  }

  boost::asio::awaitable<std::pair<boost::system::error_code, std::size_t>> read_some(
      boost::asio::mutable_buffer b) override {
    auto [ec, n] = co_await stream_.async_read_some(
        b, boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return std::pair{ec, n};
  }

  boost::asio::awaitable<boost::system::error_code> write_all(
      boost::asio::const_buffer b) override {
    auto [ec, n] = co_await boost::asio::async_write(
        stream_, b, boost::asio::as_tuple(boost::asio::use_awaitable));
    co_return ec;
  }

  void close() override {
    boost::system::error_code ignored;
    if constexpr (requires { stream_.lowest_layer(); })
      stream_.lowest_layer().close(ignored);
    else
      stream_.close(ignored);
  }

  AsyncStream& stream() { return stream_; }

 private:
  AsyncStream stream_;
};

template <class AsyncStream>
std::unique_ptr<byte_stream> make_byte_stream(AsyncStream stream) {
  return std::make_unique<stream_adapter<AsyncStream>>(std::move(stream));
}

}  // namespace hrn::dns
