#include "reload.hpp"

#include <algorithm>
#include <array>
#include <iostream>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <spdlog/spdlog.h>

#include "config_file.hpp"
#include "log_format.hpp"
#include "resolver_stack.hpp"

namespace hrn::relay {

namespace {

// What SIGHUP applies; every other option needs a restart.
constexpr std::array<std::string_view, 7> reloadable{
    "log-level", "log-format", "rate-limit", "rate-burst", "onion-rate-limit", "onion-rate-burst", "directory"};

// "hrn-relay: X\nTry ...\n" as one log line: "X".
std::string one_line(std::string text) {
  if (text.rfind("hrn-relay: ", 0) == 0) text.erase(0, 11);
  text = text.substr(0, text.find('\n'));
  return text;
}

}  // namespace

api::rate_limiter_config rate_limits_of(const config& cfg) {
  api::rate_limiter_config limits;
  limits.per_client = {cfg.rate_limit, cfg.rate_burst};
  // An IPv6 /48 (65,536 /64s) pays as sixteen clients at most.
  limits.per_prefix48 = {cfg.rate_limit * 16, cfg.rate_burst * 16};
  limits.onion = {cfg.onion_rate_limit, cfg.onion_rate_burst};
  return limits;
}

blocks::source_options block_options_of(const config& cfg) {
  blocks::source_options bo;
  bo.spec = *blocks::parse_source_spec(cfg.blocks);  // checked with the options
  bo.rpc_cookie_file = cfg.blocks_rpc_cookie;
  bo.rpc_user = cfg.blocks_rpc_user;
  bo.rpc_password_file = cfg.blocks_rpc_password_file;
  bo.poll = cfg.blocks_poll;
  bo.max_age = cfg.blocks_max_age;
  bo.ca_file = cfg.ca_file;
  bo.direct = cfg.direct;
  return bo;
}

int check_configuration(const config& cfg) {
  // Warnings (like --direct's) still show; the start's info lines do not.
  const auto level = spdlog::level::from_str(cfg.log_level);
  spdlog::set_level(std::max(level, spdlog::level::warn));
  try {
    boost::asio::io_context io(1);
    resolver_stack stack(io, cfg, [] { return std::optional<host_port>(); });
  } catch (const std::exception& e) {
    std::cerr << "hrn-relay: " << e.what() << "\n";
    return 2;
  }
  if (!cfg.blocks.empty()) {
    try {
      boost::asio::io_context io(1);
      blocks::block_source source(io.get_executor(), block_options_of(cfg), [] { return std::optional<host_port>(); },
                                  [] { return std::uint64_t{0}; });
    } catch (const std::exception& e) {
      std::cerr << "hrn-relay: --blocks: " << e.what() << "\n";
      return 2;
    }
  }
  std::cout << "# hrn-relay " HRN_VERSION ": the configuration is valid. Every option, with where its value "
               "came from:\n"
            << format_settings(cfg.settings);
  return 0;
}

void reload_configuration(int argc, char** argv, const config& running, api::rate_limiter& limiter,
                          resolver_stack& resolver) {
  if (running.config_file.empty()) {
    spdlog::warn("SIGHUP: there is no --config file to re-read; nothing changed");
    return;
  }
  auto parsed = parse_command_line(argc, argv);
  if (const auto* bad = std::get_if<exit_request>(&parsed)) {
    spdlog::error("SIGHUP: {}; keeping the running settings", one_line(bad->text));
    return;
  }
  const auto& next = std::get<config>(parsed);
  // The one step that can still fail comes first, so a failure changes nothing.
  try {
    resolver.replace_directory(next.directory_file);
  } catch (const std::exception& e) {
    spdlog::error("SIGHUP: {}; keeping the running settings", e.what());
    return;
  }
  apply_log_settings(next);
  limiter.reconfigure(rate_limits_of(next));
  for (const auto& s : next.settings) {
    if (std::find(reloadable.begin(), reloadable.end(), s.name) != reloadable.end()) continue;
    const auto was = std::find_if(running.settings.begin(), running.settings.end(),
                                  [&](const setting& r) { return r.name == s.name; });
    if (was != running.settings.end() && was->value != s.value)
      spdlog::warn("--{} changed in the config file; restart to apply", s.name);
  }
  spdlog::info("SIGHUP: {} re-read: log-level {}, log-format {}, rate-limit {}/s burst {}, onion-rate-limit "
               "{}/s burst {}, directory {}",
               running.config_file, next.log_level, next.log_json ? "json" : "text", next.rate_limit,
               next.rate_burst, next.onion_rate_limit, next.onion_rate_burst,
               next.directory_file.empty() ? "(none)" : next.directory_file);
}

}  // namespace hrn::relay
