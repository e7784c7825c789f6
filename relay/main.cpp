// hrn-relay: the daemon. Wires configuration, logging, the HTTP API and
// signal handling onto one Asio event loop.
#include <chrono>
#include <csignal>
#include <iostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "config.hpp"
#include "hrn/api/http_server.hpp"
#include "hrn/api/router.hpp"

namespace asio = boost::asio;

int main(int argc, char** argv) {
  auto parsed = hrn::relay::parse_command_line(argc, argv);
  if (auto* exit = std::get_if<hrn::relay::exit_request>(&parsed)) {
    (exit->code == 0 ? std::cout : std::cerr) << exit->text;
    return exit->code;
  }
  const auto& cfg = std::get<hrn::relay::config>(parsed);
  // Logs go to stderr so stdout stays free for anything a caller parses.
  spdlog::set_default_logger(spdlog::stderr_color_mt("hrn-relay"));
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));

  const auto started = std::chrono::steady_clock::now();
  asio::io_context io(1);

  hrn::api::router router([&] {
    hrn::api::health_snapshot h;
    h.version = HRN_VERSION;
    h.uptime_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();
    return h;
  });
  hrn::api::http_server server(io, [&router](hrn::api::http_request request)
                                       -> asio::awaitable<hrn::api::http_response> {
    co_return router.handle(request);
  });

  try {
    const auto port = server.listen(cfg.listen);
    spdlog::info("hrn-relay {} listening on http://{}", HRN_VERSION,
                 hrn::host_port{cfg.listen.host, port}.to_string());
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  spdlog::info("config: log-level={} config-file={}", cfg.log_level,
               cfg.config_file.empty() ? "(none)" : cfg.config_file);
  spdlog::warn("name resolution is not part of this build: only /healthz and /metrics are served");

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: shutting down", signal);
    server.stop();
    io.stop();
  });
  io.run();
  return 0;
}
