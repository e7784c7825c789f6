#pragma once
// Maps requests to responses: a plain function over values, so tests can call
// it without sockets. It owns the request counters behind /metrics.

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "hrn/api/http.hpp"

namespace hrn::api {

// What /healthz reports. Filled by the daemon from the parts it runs.
struct health_snapshot {
  std::string version;
  std::int64_t uptime_seconds = 0;
  bool resolver_available = false;  // false until a resolver is wired in
  bool direct = false;              // Tor is bypassed (--direct): said loudly
  // disabled, starting, bootstrapping, ready, failed, external
  std::string tor_state = "starting";
  int tor_progress = 0;
  std::string tor_summary;
  std::string tor_warning;
  std::string onion_address;  // "" until published
  bool onion_published = false;
  std::size_t cache_entries = 0;
};

class router {
 public:
  explicit router(std::function<health_snapshot()> health);

  http_response handle(const http_request& request);

 private:
  http_response healthz() const;
  http_response metrics() const;
  void count(int status);

  std::function<health_snapshot()> health_;
  // Answers by status class (1xx..5xx); no path, name or address is kept.
  std::array<std::uint64_t, 6> by_class_{};
};

}  // namespace hrn::api
