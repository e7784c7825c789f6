// The block source as /healthz and /metrics show it. No hash in either: the
// operator needs the height and the age; hashes go to the flag views.
#include <boost/json.hpp>

#include "hrn/api/metrics.hpp"
#include "router_parts.hpp"

namespace hrn::api {

namespace {
std::uint64_t seconds_since(std::uint64_t then, std::uint64_t now) { return now > then ? now - then : 0; }
}  // namespace

boost::json::object blocks_health(const health_snapshot& h, const flag::tip_state& tips, std::uint64_t now) {
  boost::json::object out;
  if (h.blocks_source.empty())
    out["source"] = nullptr;
  else
    out["source"] = h.blocks_source;
  if (tips.tip) {
    out["height"] = tips.tip->height;
    out["age_seconds"] = seconds_since(tips.tip->observed_at, now);
  } else {
    out["reason"] = tips.reason;
  }
  if (!h.blocks_source.empty()) out["poll_failures"] = h.blocks_poll_failures;
  return out;
}

void render_blocks_metrics(const health_snapshot& h, const flag::tip_state& tips, std::uint64_t now,
                           std::string& out) {
  if (h.blocks_source.empty()) return;
  metric_header(out, "hrn_blocks_tip_available", "gauge", "1 when the block source's tip is fresh enough for flags.");
  metric_line(out, "hrn_blocks_tip_available", "", tips.tip ? 1 : 0);
  if (tips.tip) {
    metric_header(out, "hrn_blocks_tip_height", "gauge", "Height of the chain tip the block source confirmed.");
    metric_line(out, "hrn_blocks_tip_height", "", static_cast<double>(tips.tip->height));
  }
  if (h.blocks_last_good) {
    metric_header(out, "hrn_blocks_seconds_since_good_poll", "gauge",
                  "Seconds since a poll of the block source last confirmed a tip.");
    metric_line(out, "hrn_blocks_seconds_since_good_poll", "",
                static_cast<double>(seconds_since(*h.blocks_last_good, now)));
  }
  metric_header(out, "hrn_blocks_poll_failures_total", "counter", "Polls of the block source that failed.");
  metric_line(out, "hrn_blocks_poll_failures_total", "", static_cast<double>(h.blocks_poll_failures));
}

}  // namespace hrn::api
