#include "hrn/api/metrics.hpp"

#include <cstdio>

namespace hrn::api {

void request_metrics::record(endpoint e, int status, std::chrono::steady_clock::duration took) {
  ++by_status_[static_cast<std::size_t>(e)][status_slot(status)];
  auto& h = latency_[static_cast<std::size_t>(e)];
  const double seconds = std::chrono::duration<double>(took).count();
  for (std::size_t i = 0; i < bucket_bounds.size(); ++i)
    if (seconds <= bucket_bounds[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::uint64_t request_metrics::count(endpoint e, int status) const {
  const auto slot = status_slot(status);
  // A status outside the table is counted in slot 0 with all others like it.
  return by_status_[static_cast<std::size_t>(e)][slot];
}

void metric_header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void metric_line(std::string& out, std::string_view name, std::string_view labels, double value) {
  char number[64];
  std::snprintf(number, sizeof number, "%.17g", value);
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(number).append("\n");
}

void request_metrics::render(std::string& out) const {
  metric_header(out, "hrn_http_requests_total", "counter", "HTTP responses sent, by endpoint and status.");
  // Only the pairs seen, in endpoint then status order, as the map had them.
  for (std::size_t e = 0; e < by_status_.size(); ++e)
    for (std::size_t slot = 1; slot < by_status_[e].size(); ++slot) {
      const auto n = by_status_[e][slot];
      if (n == 0) continue;
      const int status = static_cast<int>(slot) - 1 + first_status;
      const std::string labels = std::string("endpoint=\"") + endpoint_labels[e] + "\",status=\"" +
                                 std::to_string(status) + "\"";
      metric_line(out, "hrn_http_requests_total", labels, static_cast<double>(n));
    }
  metric_header(out, "hrn_http_request_duration_seconds", "histogram",
                "Time from a parsed request to its response, by endpoint.");
  for (std::size_t e = 0; e < latency_.size(); ++e) {
    const auto& h = latency_[e];
    const std::string ep = std::string("endpoint=\"") + endpoint_labels[e] + "\"";
    for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
      char le[32];
      std::snprintf(le, sizeof le, "%g", bucket_bounds[i]);
      metric_line(out, "hrn_http_request_duration_seconds_bucket", ep + ",le=\"" + le + "\"",
                  static_cast<double>(h.buckets[i]));
    }
    metric_line(out, "hrn_http_request_duration_seconds_bucket", ep + ",le=\"+Inf\"",
                static_cast<double>(h.count));
    metric_line(out, "hrn_http_request_duration_seconds_sum", ep, h.sum);
    metric_line(out, "hrn_http_request_duration_seconds_count", ep, static_cast<double>(h.count));
  }
}

}  // namespace hrn::api
