#pragma once
// A bounds-checked cursor over bytes, private to the bolt12 module. Every
// read either succeeds whole or returns nullopt and leaves the cursor where
// it was, so a caller can report what was truncated.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "hrn/util/bytes.hpp"

namespace hrn::bolt12::detail {

class reader {
 public:
  explicit reader(byte_view data) : data_(data) {}

  std::size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return remaining() == 0; }
  std::size_t position() const { return pos_; }
  byte_view rest() const { return data_.subspan(pos_); }

  std::optional<std::uint8_t> u8() {
    if (remaining() < 1) return std::nullopt;
    return data_[pos_++];
  }

  std::optional<std::uint16_t> u16() {
    if (remaining() < 2) return std::nullopt;
    auto v = static_cast<std::uint16_t>(data_[pos_] << 8 | data_[pos_ + 1]);
    pos_ += 2;
    return v;
  }

  std::optional<std::uint64_t> u64() {
    if (remaining() < 8) return std::nullopt;
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | data_[pos_ + static_cast<std::size_t>(i)];
    pos_ += 8;
    return v;
  }

  std::optional<byte_view> take(std::size_t n) {
    if (remaining() < n) return std::nullopt;
    auto v = data_.subspan(pos_, n);
    pos_ += n;
    return v;
  }

  void skip(std::size_t n) { pos_ += n <= remaining() ? n : remaining(); }

 private:
  byte_view data_;
  std::size_t pos_ = 0;
};

}  // namespace hrn::bolt12::detail
