#include <cstdio>

#include "hrn/api/metrics.hpp"
#include "hrn/privacy/round_scheduler.hpp"

namespace hrn::api {

void render_scheduler_metrics(const privacy::scheduler_counters& c, std::string& out) {
  const auto n = [](std::uint64_t v) { return static_cast<double>(v); };
  metric_header(out, "hrn_rounds_total", "counter", "Scheduler rounds run.");
  metric_line(out, "hrn_rounds_total", "", n(c.rounds));
  metric_header(out, "hrn_round_slots_total", "counter",
                "Round slots by use: real (a client waits), refresh (prefetch), decoy, empty.");
  metric_line(out, "hrn_round_slots_total", "kind=\"real\"", n(c.real_slots));
  metric_line(out, "hrn_round_slots_total", "kind=\"refresh\"", n(c.refresh_slots));
  metric_line(out, "hrn_round_slots_total", "kind=\"decoy\"", n(c.decoy_slots));
  metric_line(out, "hrn_round_slots_total", "kind=\"empty\"", n(c.empty_slots));
  metric_header(out, "hrn_scheduler_busy_total", "counter", "Requests refused with busy (the queue or its wait too long).");
  metric_line(out, "hrn_scheduler_busy_total", "", n(c.busy));
  metric_header(out, "hrn_scheduler_batch_size", "gauge", "Lookups per round now (K).");
  metric_line(out, "hrn_scheduler_batch_size", "", n(c.batch_size));
  metric_header(out, "hrn_scheduler_queue_length", "gauge", "Requests waiting for a round now.");
  metric_line(out, "hrn_scheduler_queue_length", "", n(c.queue_length));
  metric_header(out, "hrn_scheduler_background_total", "counter", "Refresh and decoy lookups by outcome.");
  metric_line(out, "hrn_scheduler_background_total", "outcome=\"ok\"", n(c.background_ok));
  metric_line(out, "hrn_scheduler_background_total", "outcome=\"failed\"", n(c.background_failed));
  metric_header(out, "hrn_scheduler_queue_wait_seconds", "histogram", "From a request to the start of its lookup.");
  for (std::size_t i = 0; i < c.wait_bounds.size(); ++i) {
    char le[32];
    std::snprintf(le, sizeof le, "le=\"%g\"", c.wait_bounds[i]);
    metric_line(out, "hrn_scheduler_queue_wait_seconds_bucket", le, n(c.wait_buckets[i]));
  }
  metric_line(out, "hrn_scheduler_queue_wait_seconds_bucket", "le=\"+Inf\"", n(c.wait_count));
  metric_line(out, "hrn_scheduler_queue_wait_seconds_sum", "", c.wait_sum_seconds);
  metric_line(out, "hrn_scheduler_queue_wait_seconds_count", "", n(c.wait_count));
}

}  // namespace hrn::api
