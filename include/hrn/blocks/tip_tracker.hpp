#pragma once
// What the block source knows, poll after poll: the last tip a poll
// confirmed, how long ago, and why the polls fail when they do. Pure: every
// call takes the time, nothing here reads a clock or logs; the caller logs
// the transitions it is told about.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "hrn/flag/chain_tip.hpp"
#include "hrn/util/result.hpp"

namespace hrn::blocks {

// What one poll changed, for the log: the tip's height (never a hash: a
// log line per block is enough), and the moments polls start failing or
// work again (once each, not at every failed poll).
struct poll_news {
  bool tip_changed = false;
  bool started_failing = false;
  bool recovered = false;
};

class tip_tracker {
 public:
  // A tip not re-confirmed for more than `max_age` seconds is dropped.
  explicit tip_tracker(std::chrono::seconds max_age) : max_age_(max_age) {}

  // A poll answered `tip` (its observed_at is the poll's time).
  poll_news on_success(flag::chain_tip tip);
  // A poll failed at unix time `now`. The tip, if any, stays until max_age.
  poll_news on_failure(const error& why, std::uint64_t now);

  // The tip to show at `now`, or the reason there is none:
  //   "waiting for the block source's first answer", or a sentence saying
  //   since when the source is unreachable / answers invalid data / refuses
  //   the credentials, and, once a tip was dropped, how old it was.
  flag::tip_state state(std::uint64_t now) const;

  std::uint64_t failures() const { return failures_; }
  // Unix time of the last poll that confirmed a tip.
  std::optional<std::uint64_t> last_good() const;
  bool failing() const { return failing_since_.has_value(); }

 private:
  std::string failure_sentence() const;

  std::chrono::seconds max_age_;
  std::optional<flag::chain_tip> tip_;
  std::optional<std::uint64_t> failing_since_;
  std::optional<error> last_error_;
  std::uint64_t failures_ = 0;
};

// What the reason calls a failure, from its code: "unreachable" (transport
// codes, timeouts), "answers invalid data" (the parsers' codes), "refuses
// the RPC credentials" (rpc_auth_failed, bad_rpc_credentials).
std::string_view failure_kind(const error& e);

// "2025-08-07T12:00:00Z" (UTC).
std::string utc_text(std::uint64_t unix_seconds);

}  // namespace hrn::blocks
