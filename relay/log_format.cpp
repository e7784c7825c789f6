#include "log_format.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include "config.hpp"

namespace hrn::relay {

namespace {

// {"time":"2026-01-02T03:04:05.678Z","level":"info","message":"...","logger":"hrn-relay"}
class json_formatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto since_epoch = msg.time.time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
    const std::time_t t = seconds.count();
    std::tm utc{};
    gmtime_r(&t, &utc);
    char stamp[40];
    const auto n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    char time[48];
    std::snprintf(time, sizeof time, "%.*s.%03dZ", static_cast<int>(n), stamp, static_cast<int>(millis));

    boost::json::object line;
    line["time"] = time;
    const auto level = spdlog::level::to_string_view(msg.level);
    line["level"] = boost::json::string_view(level.data(), level.size());
    line["message"] = boost::json::string_view(msg.payload.data(), msg.payload.size());
    if (msg.logger_name.size() != 0)
      line["logger"] = boost::json::string_view(msg.logger_name.data(), msg.logger_name.size());
    // Boost.JSON escapes quotes, backslashes and control characters.
    const auto text = boost::json::serialize(line);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<json_formatter>(); }
};

}  // namespace

void apply_log_settings(const config& cfg) {
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  if (cfg.log_json)
    spdlog::set_formatter(std::make_unique<json_formatter>());
  else
    spdlog::set_formatter(std::make_unique<spdlog::pattern_formatter>());
}

}  // namespace hrn::relay
