#include "hrn/blocks/tip_tracker.hpp"

#include <ctime>

#include "hrn/blocks/errors.hpp"

namespace hrn::blocks {

std::string_view failure_kind(const error& e) {
  const std::string_view c = e.code;
  if (c == errc::rpc_auth_failed || c == errc::bad_rpc_credentials) return "refuses the RPC credentials";
  if (c == errc::bad_reply || c == errc::bad_height || c == errc::bad_block_hash ||
      c == errc::inconsistent_chain || c == errc::reply_too_large || c == errc::rpc_error ||
      c == errc::http_status)
    return "answers invalid data";
  return "unreachable";
}

std::string utc_text(std::uint64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

poll_news tip_tracker::on_success(flag::chain_tip tip) {
  poll_news news;
  news.tip_changed = !tip_ || tip_->height != tip.height || tip_->hashes.front() != tip.hashes.front();
  news.recovered = failing_since_.has_value();
  failing_since_.reset();
  last_error_.reset();
  tip_ = std::move(tip);
  return news;
}

poll_news tip_tracker::on_failure(const error& why, std::uint64_t now) {
  poll_news news;
  ++failures_;
  if (!failing_since_) {
    failing_since_ = now;
    news.started_failing = true;
  }
  last_error_ = why;
  return news;
}

std::optional<std::uint64_t> tip_tracker::last_good() const {
  if (!tip_) return std::nullopt;
  return tip_->observed_at;
}

std::string tip_tracker::failure_sentence() const {
  return "block source " + std::string(failure_kind(*last_error_)) + " since " + utc_text(*failing_since_) +
         ": " + last_error_->message;
}

flag::tip_state tip_tracker::state(std::uint64_t now) const {
  flag::tip_state out;
  if (tip_) {
    const auto age = now > tip_->observed_at ? now - tip_->observed_at : 0;
    if (age <= static_cast<std::uint64_t>(max_age_.count())) {
      out.tip = tip_;
      return out;
    }
    out.reason = "the last tip (height " + std::to_string(tip_->height) + ") was confirmed " +
                 std::to_string(age) + " s ago, more than --blocks-max-age " +
                 std::to_string(max_age_.count()) + " s";
    if (last_error_) out.reason += "; " + failure_sentence();
    return out;
  }
  out.reason = last_error_ ? failure_sentence() : "waiting for the block source's first answer";
  return out;
}

}  // namespace hrn::blocks
