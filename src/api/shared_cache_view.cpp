#include <boost/json.hpp>

#include "hrn/api/metrics.hpp"
#include "router_parts.hpp"

namespace hrn::api {

boost::json::object shared_cache_health(const shared_cache_status& s) {
  boost::json::object o{{"state", s.up ? "up" : "down"}, {"url", s.url}, {"since", s.since}};
  if (!s.up) {
    o["reason"] = s.reason;
    o["effect"] = "serving from this relay's own cache and looking names up alone until Redis is back";
  }
  return o;
}

void render_shared_cache_metrics(const shared_cache_status& s, std::string& out) {
  const auto n = [](std::uint64_t v) { return static_cast<double>(v); };
  metric_header(out, "hrn_redis_up", "gauge", "1 while the shared cache (Redis) is connected; 0: degraded, alone.");
  metric_line(out, "hrn_redis_up", "", s.up ? 1 : 0);
  metric_header(out, "hrn_redis_commands_total", "counter", "Redis calls (a pipeline counts once).");
  metric_line(out, "hrn_redis_commands_total", "", n(s.commands));
  metric_header(out, "hrn_redis_failures_total", "counter", "Redis calls that failed (unavailable, timeout, protocol).");
  metric_line(out, "hrn_redis_failures_total", "", n(s.failures));
  metric_header(out, "hrn_redis_connections_total", "counter", "Redis connections made and lost.");
  metric_line(out, "hrn_redis_connections_total", "event=\"connected\"", n(s.connects));
  metric_line(out, "hrn_redis_connections_total", "event=\"lost\"", n(s.disconnects));
  const auto& c = s.counters;
  metric_header(out, "hrn_shared_cache_total", "counter",
                "Shared cache events: hit (entry read, validated, served), refused (entry read and refused: "
                "bad format, chain fails, answer differs), written, waited (answered by another relay's "
                "lookup), takeover (lease taken after its holder's ran out), error (a Redis call failed).");
  metric_line(out, "hrn_shared_cache_total", "event=\"hit\"", n(s.hits));
  metric_line(out, "hrn_shared_cache_total", "event=\"refused\"", n(c.refused));
  metric_line(out, "hrn_shared_cache_total", "event=\"written\"", n(c.written));
  metric_line(out, "hrn_shared_cache_total", "event=\"waited\"", n(c.waited));
  metric_line(out, "hrn_shared_cache_total", "event=\"takeover\"", n(c.takeovers));
  metric_line(out, "hrn_shared_cache_total", "event=\"error\"", n(c.errors));
}

}  // namespace hrn::api
