#pragma once
// Request counters and latency histograms behind /metrics, by endpoint and
// status. Labels come from a fixed set: no path, name or address is kept.

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

namespace hrn::api {

enum class endpoint {
  healthz, metrics, resolve_get, resolve_post, flag, ussd, ussd_offer, web,
  dns_query, json_doh, dnssecproof,  // wallets' protocols (DoH, Google's JSON, the proof server)
  other
};
inline constexpr std::array endpoint_labels{"healthz", "metrics",    "resolve_get", "resolve_post", "flag",
                                            "ussd",    "ussd_offer", "web",         "dns_query",    "json_doh",
                                            "dnssecproof", "other"};

class request_metrics {
 public:
  // Upper bounds of the latency buckets, seconds (Prometheus `le`).
  static constexpr std::array<double, 12> bucket_bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                        0.05,   0.1,   0.25,   1.0,   2.5,  10.0};

  void record(endpoint e, int status, std::chrono::steady_clock::duration took);
  // Appends the Prometheus text of every counter and histogram.
  void render(std::string& out) const;
  std::uint64_t count(endpoint e, int status) const;

 private:
  struct histogram {
    std::array<std::uint64_t, bucket_bounds.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  // Counts by endpoint and status (100–599), a flat table: record() runs on
  // every request, and an index costs less than a map lookup. Statuses
  // outside that range share the slot of 0 (never sent by this server).
  static constexpr int first_status = 100, last_status = 599;
  static std::size_t status_slot(int status) {
    return status < first_status || status > last_status ? 0 : static_cast<std::size_t>(status - first_status + 1);
  }
  std::array<std::array<std::uint64_t, last_status - first_status + 2>, endpoint_labels.size()> by_status_{};
  std::array<histogram, endpoint_labels.size()> latency_{};
};

// Prometheus helpers for the other parts of /metrics.
void metric_header(std::string& out, std::string_view name, std::string_view type, std::string_view help);
void metric_line(std::string& out, std::string_view name, std::string_view labels, double value);

}  // namespace hrn::api
namespace hrn::privacy {
struct scheduler_counters;
}
namespace hrn::api {

// The privacy scheduler's part of /metrics: rounds, slots by kind, the
// queue-wait histogram, busy refusals, K.
void render_scheduler_metrics(const privacy::scheduler_counters& c, std::string& out);

}  // namespace hrn::api
