#include "tor_runner.hpp"

#include <fstream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <spdlog/spdlog.h>

#include "hrn/dns/transport/deadline.hpp"
#include "hrn/tor/managed_tor.hpp"

namespace hrn::relay {
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> lines;
  if (path.empty()) return lines;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read --tor-torrc-append file '" + path + "'");
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  return lines;
}

void copy_state(const tor::tor_state& from, tor_status& to) {
  switch (from.phase) {
    case tor::tor_phase::starting: to.state = "starting"; break;
    case tor::tor_phase::bootstrapping: to.state = "bootstrapping"; break;
    case tor::tor_phase::ready: to.state = "ready"; break;
    case tor::tor_phase::failed: to.state = "failed"; break;
  }
  to.progress = from.progress;
  to.summary = from.summary;
  to.warning = from.phase == tor::tor_phase::failed ? from.failure : from.warning.value_or("");
}

}  // namespace

tor_runner::tor_runner(asio::io_context& io, const config& cfg, host_port api, tor_status& status)
    : io_(io), cfg_(cfg), status_(status) {
  onion_settings onion{cfg.onion_service, std::move(api), cfg.state_dir};
  link_ = std::make_unique<tor_link>(status_, std::move(onion));
}

tor_runner::~tor_runner() = default;

std::optional<host_port> tor_runner::socks_port() const {
  if (cfg_.direct) return std::nullopt;
  if (cfg_.tor_socks) return cfg_.tor_socks;
  return managed_ ? managed_->socks_address() : std::nullopt;
}

void tor_runner::start() {
  if (cfg_.direct) {
    status_.state = "disabled";
    return;
  }
  if (cfg_.tor_socks) {
    if (!cfg_.tor_control) {
      // Nothing to ask: lookups will tell whether the SOCKS port works.
      status_.state = "external";
      status_.summary = "existing tor without a control port: state unknown";
      return;
    }
    tor::control_options control;
    control.address = *cfg_.tor_control;
    control.password = cfg_.tor_control_password;
    asio::co_spawn(io_, link_->run(control), asio::detached);
    return;
  }

  tor::managed_tor_options options;
  options.tor_binary = cfg_.tor_binary;
  options.state_dir = cfg_.state_dir;
  options.extra_torrc_lines = read_lines(cfg_.tor_torrc_append);
  options.on_state = [this, last = std::string()](const tor::tor_state& s) mutable {
    copy_state(s, status_);
    // One log line per change of what an operator would read.
    auto line = tor::describe(s);
    if (line != last) {
      if (s.phase == tor::tor_phase::failed || s.warning)
        spdlog::warn("{}", line);
      else
        spdlog::info("{}", line);
      last = std::move(line);
    }
  };
  options.on_connected = [this](tor::control_connection& c) -> asio::awaitable<void> {
    co_await link_->publish(c);
  };
  managed_ = std::make_unique<tor::managed_tor>(io_.get_executor(), std::move(options));
  asio::co_spawn(
      io_,
      [this]() -> asio::awaitable<void> {
        auto started = co_await managed_->start();
        if (!started) {
          status_.state = "failed";
          status_.warning = started.err().message;
          spdlog::error("managed tor: {}", started.err().message);
        }
      },
      asio::detached);
}

void tor_runner::stop(std::function<void()> done) {
  asio::co_spawn(
      io_,
      [this, done]() -> asio::awaitable<void> {
        // Bounded: a tor that does not answer cannot keep the relay from exiting.
        auto graceful = [this]() -> asio::awaitable<bool> {
          co_await link_->shutdown(managed_ ? managed_->control() : nullptr);
          if (managed_) co_await managed_->stop();
          co_return true;
        };
        if (!co_await dns::with_deadline(graceful(), 10s))
          spdlog::warn("tor did not stop within 10 s");
        done();
      },
      asio::detached);
}

}  // namespace hrn::relay
