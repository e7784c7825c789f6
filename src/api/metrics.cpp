#include "hrn/api/metrics.hpp"

#include <cstdio>

namespace hrn::api {

void request_metrics::record(endpoint e, int status, std::chrono::steady_clock::duration took) {
  ++by_status_[{e, status}];
  auto& h = latency_[static_cast<std::size_t>(e)];
  const double seconds = std::chrono::duration<double>(took).count();
  for (std::size_t i = 0; i < bucket_bounds.size(); ++i)
    if (seconds <= bucket_bounds[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::uint64_t request_metrics::count(endpoint e, int status) const {
  auto it = by_status_.find({e, status});
  return it == by_status_.end() ? 0 : it->second;
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
  for (const auto& [key, n] : by_status_) {
    const std::string labels = std::string("endpoint=\"") + endpoint_labels[static_cast<std::size_t>(key.first)] +
                               "\",status=\"" + std::to_string(key.second) + "\"";
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
