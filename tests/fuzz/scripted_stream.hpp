#pragma once
// A byte_stream for fuzzing a client's reply path: reads serve the fuzzer's
// bytes in chunks of a given size, then end of file; writes are accepted.
// Nothing is read before the client's first write (its preface and
// requests), as from a server on a network, which speaks after it is asked.

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/dns/transport/byte_stream.hpp"

namespace fuzz_support {

class scripted_stream final : public hrn::dns::byte_stream {
 public:
  scripted_stream(boost::asio::any_io_executor ex, const std::uint8_t* data, std::size_t size,
                  std::size_t chunk)
      : ex_(std::move(ex)), data_(data), size_(size), chunk_(chunk) {}

  boost::asio::awaitable<boost::system::error_code> read_exactly(boost::asio::mutable_buffer b) override {
    while (b.size() > 0) {
      auto [ec, n] = co_await read_some(b);
      if (ec) co_return ec;
      b += n;
    }
    co_return boost::system::error_code{};
  }

  boost::asio::awaitable<std::pair<boost::system::error_code, std::size_t>> read_some(
      boost::asio::mutable_buffer b) override {
    do co_await boost::asio::post(ex_, boost::asio::use_awaitable);
    while (!written_ && !closed_);
    if (closed_) co_return std::pair{boost::system::error_code(boost::asio::error::operation_aborted), std::size_t{0}};
    if (at_ == size_) co_return std::pair{boost::system::error_code(boost::asio::error::eof), std::size_t{0}};
    const auto n = std::min({b.size(), chunk_, size_ - at_});
    std::copy_n(data_ + at_, n, static_cast<std::uint8_t*>(b.data()));
    at_ += n;
    co_return std::pair{boost::system::error_code{}, n};
  }

  boost::asio::awaitable<boost::system::error_code> write_all(boost::asio::const_buffer b) override {
    written_ = written_ || b.size() > 0;
    if (closed_) co_return boost::asio::error::operation_aborted;
    co_return boost::system::error_code{};
  }

  void close() override { closed_ = true; }

 private:
  boost::asio::any_io_executor ex_;
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t chunk_;
  std::size_t at_ = 0;
  bool written_ = false;
  bool closed_ = false;
};

}  // namespace fuzz_support
