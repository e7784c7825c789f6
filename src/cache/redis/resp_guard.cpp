#include "resp_guard.hpp"

#include <charconv>

#include "hrn/cache/redis/errors.hpp"

namespace hrn::cache::redis {
namespace {

error protocol(std::string why) { return make_error(errc::redis_protocol_error, "Redis reply: " + std::move(why)); }

// "-1" plus 19 digits is the longest a long long gets; anything longer is
// refused before it is read as a number.
constexpr std::size_t max_number_text = 20;

}  // namespace

status resp_guard::scan(byte_view data, std::size_t& accepted) {
  accepted = 0;
  for (const std::uint8_t b : data) {
    if (++partial_ > limits_.max_buffered)
      return protocol("a reply larger than " + std::to_string(limits_.max_buffered) + " bytes");
    auto step = on_byte(b);
    if (!step) return step;
    ++accepted;
  }
  return ok_status();
}

status resp_guard::on_byte(std::uint8_t b) {
  switch (state_) {
    case state::type:
      header_ = static_cast<char>(b);
      if (b == '+' || b == '-') {
        line_ = 0;
        state_ = state::line;
      } else if (b == ':' || b == '$' || b == '*') {
        number_.clear();
        state_ = state::number;
      } else {
        return protocol("byte " + std::to_string(b) + " is not a RESP type (+ - : $ *)");
      }
      return ok_status();
    case state::line:
      // hiredis ends a line at the first CR LF; a lone CR is text.
      if (b == '\r') state_ = state::line_lf;
      else if (++line_ > limits_.max_bulk) return protocol("a status or error line longer than the bulk limit");
      return ok_status();
    case state::line_lf:
      if (b == '\n') {
        finish_value();
      } else {
        line_ += b == '\r' ? 1 : 2;  // the CR was text after all
        if (line_ > limits_.max_bulk) return protocol("a status or error line longer than the bulk limit");
        state_ = b == '\r' ? state::line_lf : state::line;
      }
      return ok_status();
    case state::number:
      if (b == '\r') {
        state_ = state::number_lf;
        return ok_status();
      }
      if (number_.size() >= max_number_text) return protocol("a number longer than 20 characters");
      number_.push_back(static_cast<char>(b));
      return ok_status();
    case state::number_lf:
      if (b != '\n') return protocol("CR without LF after a number");
      return on_number();
    case state::payload:
      if (--payload_ == 0) state_ = state::payload_cr;
      return ok_status();
    case state::payload_cr:
      if (b != '\r') return protocol("a bulk string longer than its length");
      state_ = state::payload_lf;
      return ok_status();
    case state::payload_lf:
      if (b != '\n') return protocol("CR without LF after a bulk string");
      finish_value();
      return ok_status();
  }
  return protocol("unreachable state");
}

status resp_guard::on_number() {
  long long n = 0;
  const char* first = number_.data();
  const char* last = first + number_.size();
  auto [end, ec] = std::from_chars(first, last, n);
  if (number_.empty() || ec != std::errc{} || end != last)
    return protocol("'" + number_ + "' is not a decimal number");
  if (header_ == ':') {
    finish_value();
    return ok_status();
  }
  if (n == -1) {  // nil bulk string or nil array
    finish_value();
    return ok_status();
  }
  if (n < 0) return protocol("negative length " + number_);
  const auto size = static_cast<unsigned long long>(n);
  if (header_ == '$') {
    if (size > limits_.max_bulk)
      return protocol("a bulk string of " + number_ + " bytes (limit " + std::to_string(limits_.max_bulk) + ")");
    payload_ = static_cast<std::size_t>(size);
    state_ = payload_ == 0 ? state::payload_cr : state::payload;
    return ok_status();
  }
  // '*': counted on the header, since that is when hiredis allocates.
  if (size > limits_.max_elements || elements_ + size > limits_.max_elements)
    return protocol("an array of " + number_ + " elements (limit " + std::to_string(limits_.max_elements) +
                    " per reply)");
  if (size == 0) {
    finish_value();
    return ok_status();
  }
  if (open_.size() >= max_depth) return protocol("arrays nested deeper than " + std::to_string(max_depth));
  elements_ += static_cast<std::size_t>(size);
  open_.push_back(n);
  state_ = state::type;
  return ok_status();
}

void resp_guard::finish_value() {
  state_ = state::type;
  // A finished value may finish its array, which may finish its parent...
  while (!open_.empty()) {
    if (--open_.back() > 0) return;
    open_.pop_back();
  }
  elements_ = 0;
  partial_ = 0;
}

}  // namespace hrn::cache::redis
