// hrn-relay: the daemon. Wires configuration, logging, tor, the HTTP API and
// signal handling onto one Asio event loop.
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <sys/resource.h>
#include <spdlog/spdlog.h>

#include "config.hpp"
#include "log_format.hpp"
#include "reload.hpp"
#include "hrn/blocks/block_source.hpp"
#include "hrn/api/http_server.hpp"
#include "hrn/api/rate_limit.hpp"
#include "hrn/api/router.hpp"
#include "hrn/api/ussd.hpp"
#include "hrn/privacy/random.hpp"
#include "resolver_stack.hpp"
#include "tor_runner.hpp"

namespace asio = boost::asio;

namespace {

void log_configuration(const hrn::relay::config& cfg) {
  spdlog::info("config: log-level={} state-dir={} config-file={}", cfg.log_level, cfg.state_dir,
               cfg.config_file.empty() ? "(none)" : cfg.config_file);
  if (cfg.direct) {
    spdlog::warn("DIRECT MODE: Tor is bypassed; upstream servers would see this machine's "
                 "address. Use for tests and diagnostics only.");
  } else if (cfg.tor_socks) {
    spdlog::info("tor: existing tor, SOCKS {} control {}", cfg.tor_socks->to_string(),
                 cfg.tor_control ? cfg.tor_control->to_string() : "(none)");
  } else {
    spdlog::info("tor: managed (runs '{}' with its data in {}/tor)", cfg.tor_binary, cfg.state_dir);
  }
}

// Every client connection is a descriptor: take the hard limit, not the
// soft default of 1024, so --max-connections can mean what it says.
void raise_open_file_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= lim.rlim_max) return;
  lim.rlim_cur = lim.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &lim) != 0)
    spdlog::warn("cannot raise the open-file limit: {}", std::strerror(errno));
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = hrn::relay::parse_command_line(argc, argv);
  if (auto* exit = std::get_if<hrn::relay::exit_request>(&parsed)) {
    (exit->code == 0 ? std::cout : std::cerr) << exit->text;
    return exit->code;
  }
  const auto& cfg = std::get<hrn::relay::config>(parsed);
  // Logs go to stderr so stdout stays free for anything a caller parses.
  spdlog::set_default_logger(spdlog::stderr_color_mt("hrn-relay"));
  if (cfg.check_config) return hrn::relay::check_configuration(cfg);
  hrn::relay::apply_log_settings(cfg);

  std::error_code ec;
  std::filesystem::create_directories(cfg.state_dir, ec);
  if (ec) {
    spdlog::critical("cannot create state directory {}: {}", cfg.state_dir, ec.message());
    return 1;
  }
  std::filesystem::permissions(cfg.state_dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);

  raise_open_file_limit();
  const auto started = std::chrono::steady_clock::now();
  asio::io_context io(1);
  // Registered now, so a SIGHUP during the start waits for its handler
  // instead of ending the process.
  asio::signal_set hangups(io, SIGHUP);
  hrn::relay::tor_status tor;

  std::unique_ptr<hrn::relay::tor_runner> runner;
  // Where lookups leave: tor's SOCKS port once tor can carry them.
  auto socks_now = [&]() -> std::optional<hrn::host_port> {
    if (!runner || (tor.state != "ready" && tor.state != "external")) return std::nullopt;
    return runner->socks_port();
  };
  std::unique_ptr<hrn::relay::resolver_stack> resolver;
  try {
    resolver = std::make_unique<hrn::relay::resolver_stack>(io, cfg, socks_now);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  resolver->load_snapshot();
  resolver->start();

  auto unix_now = [] {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  };
  std::unique_ptr<hrn::blocks::block_source> blocks;
  if (!cfg.blocks.empty()) {
    try {
      blocks = std::make_unique<hrn::blocks::block_source>(io.get_executor(), hrn::relay::block_options_of(cfg),
                                                           socks_now, unix_now);
    } catch (const std::exception& e) {
      spdlog::critical("--blocks: {}", e.what());
      return 1;
    }
    blocks->start();
  }

  hrn::api::router_parts parts;
  parts.answers = &resolver->answers();
  parts.wallet = &resolver->wallet();
  parts.scheduler = resolver->scheduler_counters();
  parts.hold_hit = resolver->hit_release();
  if (resolver->shares_cache()) parts.shared_cache = [&resolver] { return resolver->shared_status(); };
  // Without a source the router says why there is no flag.
  if (blocks) parts.tips = [&blocks] { return blocks->state(); };
  parts.health = [&] {
    hrn::api::health_snapshot h;
    h.version = HRN_VERSION;
    h.uptime_seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();
    h.direct = cfg.direct;
    h.tor_state = tor.state;
    h.tor_progress = tor.progress;
    h.tor_summary = tor.summary;
    h.tor_warning = tor.warning;
    h.onion_address = tor.onion_address;
    h.onion_published = tor.onion_published;
    h.resolver_available = cfg.direct || socks_now().has_value();
    const auto& store = resolver->store();
    h.cache_entries = store.entries();
    h.cache_bytes = store.bytes();
    h.cache_max_bytes = store.max_bytes();
    h.cache_evictions = store.evictions();
    if (blocks) {
      const auto b = blocks->status();
      h.blocks_source = std::string(b.kind);
      h.blocks_poll_failures = b.poll_failures;
      h.blocks_last_good = b.last_good;
    }
    return h;
  };
  hrn::api::rate_limiter limiter(hrn::relay::rate_limits_of(cfg));
  parts.admit = [&limiter](const hrn::api::http_request& request,
                           unsigned cost) -> std::optional<std::chrono::seconds> {
    const auto now = std::chrono::steady_clock::now();
    if (limiter.allow(request.client, now, cost)) return std::nullopt;
    return limiter.retry_after(request.client, now, cost);
  };
  std::unique_ptr<hrn::api::ussd_service> ussd;
  if (cfg.ussd) {
    hrn::api::ussd_options ussd_options;
    ussd_options.session_seconds = cfg.ussd_session_seconds;
    ussd_options.offer_seconds = cfg.ussd_offer_seconds;
    ussd = std::make_unique<hrn::api::ussd_service>(ussd_options, hrn::privacy::random_source::secure());
    parts.ussd = ussd.get();
    spdlog::info("ussd: menu on POST /v1/ussd (sessions {} s, offer references {} s)", cfg.ussd_session_seconds,
                 cfg.ussd_offer_seconds);
  }
  hrn::api::http_server* server_ptr = nullptr;
  parts.connections = [&server_ptr] { return server_ptr->stats(); };
  hrn::api::router router(std::move(parts));
  hrn::api::http_server_limits server_limits;
  server_limits.max_connections = cfg.max_connections;
  server_limits.max_connections_per_address = cfg.max_connections_per_address;
  server_limits.max_onion_connections = cfg.max_onion_connections;
  server_limits.request_timeout = cfg.request_timeout;
  server_limits.idle_timeout = cfg.idle_timeout;
  hrn::api::http_server server(
      io,
      [&router](hrn::api::http_request request) -> asio::awaitable<hrn::api::http_response> {
        // Named local (g++ 12 miscompiles some temporaries in co_await expressions).
        auto op = router.handle(std::move(request));
        auto response = co_await std::move(op);
        co_return response;
      },
      server_limits);
  server_ptr = &server;

  std::uint16_t port = 0;
  // The onion service leads to a listener of its own, so the relay knows
  // which connections came over Tor (they all come from 127.0.0.1).
  hrn::host_port onion_target = cfg.onion_listen.value_or(hrn::host_port{"127.0.0.1", 0});
  try {
    port = server.listen(cfg.listen);
    spdlog::info("hrn-relay {} listening on http://{}", HRN_VERSION,
                 hrn::host_port{cfg.listen.host, port}.to_string());
    if (cfg.onion_service || cfg.onion_listen) {
      onion_target.port = server.listen(onion_target, hrn::api::listener_kind::onion);
      spdlog::info("onion-service traffic listener on {}", onion_target.to_string());
    }
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  log_configuration(cfg);
  if (!cfg.port_file.empty()) {
    // Written whole and renamed, so a reader never sees a partial number.
    const auto tmp = cfg.port_file + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::filesystem::rename(tmp, cfg.port_file, ec);
    if (ec) {
      spdlog::critical("cannot write --port-file {}: {}", cfg.port_file, ec.message());
      return 1;
    }
  }

  runner = std::make_unique<hrn::relay::tor_runner>(io, cfg, onion_target, tor);
  try {
    runner->start();
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    spdlog::info("signal {}: shutting down", signal);
    hangups.cancel();
    server.stop();
    resolver->stop();
    if (blocks) blocks->stop();
    resolver->save_snapshot();
    runner->stop([&io] { io.stop(); });
  });
  // SIGHUP: re-read --config and apply what can change while running.
  std::function<void()> wait_hangup = [&] {
    hangups.async_wait([&](const boost::system::error_code& error, int) {
      if (error) return;
      hrn::relay::reload_configuration(argc, argv, cfg, limiter, *resolver);
      wait_hangup();
    });
  };
  wait_hangup();
  io.run();
  return 0;
}
