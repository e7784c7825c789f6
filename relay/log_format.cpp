#include "log_format.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include "config.hpp"

namespace hrn::relay {

namespace {

// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD,
// so a log line stays JSON even when a message quotes a stray byte (a bad
// config line, say).
std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool ok = n != 0 && i + n <= text.size();
    for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (ok && n > 1) {
      // No overlong forms, surrogates or code points past U+10FFFF.
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xc0 || c == 0xc1 || (c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0) ||
             (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90) || c > 0xf4);
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

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
    line["message"] = valid_utf8(std::string_view(msg.payload.data(), msg.payload.size()));
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
