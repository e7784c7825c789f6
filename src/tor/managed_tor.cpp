// The managed tor's supervisor: one coroutine that launches tor, connects to
// its control port, follows bootstrap, and restarts tor when it dies. The
// child is watched by polling waitpid(WNOHANG) on the supervisor's timer
// rather than by a SIGCHLD handler, so nothing process-wide is taken over.
#include "hrn/tor/managed_tor.hpp"

#include <algorithm>
#include <csignal>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <unistd.h>

#include "hrn/tor/errors.hpp"
#include "managed_tor_process.hpp"

namespace hrn::tor {
namespace asio = boost::asio;
using clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
}  // namespace

struct managed_tor::impl : std::enable_shared_from_this<managed_tor::impl> {
  impl(asio::any_io_executor ex, managed_tor_options o)
      : executor(ex), options(std::move(o)), sleeper(ex), wakeup(ex) {}

  asio::any_io_executor executor;
  managed_tor_options options;
  process::tor_files files;
  tor_state state;
  std::optional<control_connection> control;
  int pid = 0;
  bool stopping = false;
  bool running = false;           // the supervisor coroutine is alive
  asio::steady_timer sleeper;     // the supervisor's sleeps; stop() cuts them short
  asio::steady_timer wakeup;      // wakes start() and stop() waiters
  std::optional<status> first_start;
  int last_progress = -1;
  clock::time_point progress_changed{};
  std::string last_exit;

  void publish(tor_state next) {
    if (next == state) return;
    state = std::move(next);
    if (options.on_state) options.on_state(state);
  }

  // `base` with a bootstrap report folded in.
  tor_state with_bootstrap(tor_state base, const bootstrap_phase& phase) {
    const auto now = clock::now();
    if (phase.progress != last_progress) {
      last_progress = phase.progress;
      progress_changed = now;
    }
    base.phase = phase.progress >= 100 ? tor_phase::ready : tor_phase::bootstrapping;
    base.progress = phase.progress;
    base.tag = phase.tag;
    base.summary = phase.summary;
    base.warning = bootstrap_warning(phase, now - progress_changed, options.stall_after);
    return base;
  }

  void on_bootstrap(const bootstrap_phase& phase) { publish(with_bootstrap(state, phase)); }

  // Sleeps `d` unless stop() comes first; false when stopping.
  asio::awaitable<bool> sleep(clock::duration d) {
    if (stopping) co_return false;
    sleeper.expires_after(d);
    co_await sleeper.async_wait(nothrow);
    co_return !stopping;
  }

  // SIGTERM, then SIGKILL after stop_grace; returns once the child is reaped.
  // Its own timer: stop() must not cut these waits short.
  asio::awaitable<void> terminate() {
    if (pid <= 0) co_return;
    asio::steady_timer tick(executor);
    process::send_signal(pid, SIGTERM);
    const auto kill_at = clock::now() + options.stop_grace;
    bool killed = false;
    for (;;) {
      if (auto how = process::reap(pid)) {
        last_exit = *how;
        pid = 0;
        co_return;
      }
      if (!killed && clock::now() >= kill_at) {
        process::send_signal(pid, SIGKILL);
        killed = true;
      }
      tick.expires_after(20ms);
      co_await tick.async_wait(nothrow);
    }
  }

  error start_error(const std::string& what) {
    return make_error(tor::errc::tor_start_failed, "tor " + what + ": " + process::log_tail(files.log_file));
  }

  asio::awaitable<status> launch(const std::string& binary) {
    tor_state next = state;
    next.phase = tor_phase::starting;
    next.launches += 1;
    next.progress = 0;
    next.socks.reset();
    next.control.reset();
    publish(std::move(next));
    last_progress = -1;

    std::error_code ignored;
    std::filesystem::remove(files.port_file, ignored);  // never read a previous run's port
    if (auto written = process::write_torrc(files, options.extra_torrc_lines, ::getpid()); !written)
      co_return written;
    auto spawned = process::spawn(binary, files);
    if (!spawned) co_return std::move(spawned).err();
    pid = *spawned;
    const auto deadline = clock::now() + options.start_timeout;
    const auto waited = std::to_string(options.start_timeout.count() / 1000) + " s";

    // Tor writes the port file once its listeners are open.
    std::optional<host_port> port;
    while (!(port = process::read_port_file(files.port_file))) {
      if (auto how = process::reap(pid)) {
        pid = 0;
        co_return start_error(*how + " at start");
      }
      if (clock::now() >= deadline) co_return start_error("did not open its control port within " + waited);
      if (!co_await sleep(50ms)) co_return make_error(tor::errc::tor_start_failed, "stopped while starting");
    }
    // The cookie may appear a moment after the port: retry until the deadline.
    for (;;) {
      control_options copts;
      copts.address = *port;
      copts.timeout = options.command_timeout;
      auto connected = co_await control_connection::connect(executor, copts);
      if (stopping) co_return make_error(tor::errc::tor_start_failed, "stopped while starting");
      if (connected) {
        control.emplace(std::move(*connected));
        break;
      }
      if (auto how = process::reap(pid)) {
        pid = 0;
        co_return start_error(*how + " at start");
      }
      if (clock::now() >= deadline)
        co_return make_error(tor::errc::tor_start_failed, "cannot use tor's control port: " + connected.err().message);
      if (!co_await sleep(100ms)) co_return make_error(tor::errc::tor_start_failed, "stopped while starting");
    }
    // §3.23: tor exits when this connection closes (faster than the pid poll).
    std::string take = "TAKEOWNERSHIP", socks_key = "net/listeners/socks";
    if (auto owned = co_await control->command(std::move(take)); !owned) co_return std::move(owned).err();
    auto socks = co_await control->get_info_value(std::move(socks_key));
    if (!socks) co_return std::move(socks).err();
    auto listeners = parse_control_arguments(*socks);  // "\"127.0.0.1:38815\"" (quoted, §3.9)
    std::optional<host_port> socks_at;
    if (listeners && !listeners->positional.empty())
      if (auto hp = parse_host_port(listeners->positional.front()); hp) socks_at = *hp;
    if (!socks_at) co_return make_error(tor::errc::tor_start_failed, "tor reports no SOCKS listener: " + *socks);

    std::weak_ptr<impl> weak = weak_from_this();
    control->subscribe([weak](const control_reply& event) {
      if (auto self = weak.lock())
        if (auto phase = parse_bootstrap_event(event)) self->on_bootstrap(*phase);
    });
    std::vector<std::string> wanted{"STATUS_CLIENT"};
    if (auto on = co_await control->enable_events(std::move(wanted)); !on) co_return std::move(on).err();
    // Ports and the first bootstrap report in one change, so the first
    // "bootstrapping" state already says what tor is doing.
    tor_state connected = state;
    connected.phase = tor_phase::bootstrapping;
    connected.socks = *socks_at;
    connected.control = *port;
    if (auto phase = co_await control->bootstrap_status(); phase)
      connected = with_bootstrap(std::move(connected), *phase);
    publish(std::move(connected));
    if (options.on_connected) co_await options.on_connected(*control);
    co_return ok_status();
  }

  // Follows bootstrap until tor dies or stop() is called.
  asio::awaitable<void> monitor() {
    while (!stopping) {
      if (auto how = process::reap(pid)) {
        last_exit = *how;
        pid = 0;
        co_return;
      }
      if (!control || !control->is_open()) {
        // Tor closed our connection: it is exiting, or is no use without it.
        last_exit = "closed its control connection";
        co_await terminate();
        co_return;
      }
      // Polled as well as followed by events: the poll re-evaluates stalls
      // while tor is silent, and notices a tor that stopped answering.
      auto phase = co_await control->bootstrap_status();
      if (stopping) co_return;
      if (phase) on_bootstrap(*phase);
      if (!co_await sleep(options.poll_interval)) co_return;
    }
  }

  void fail(std::string why) {
    tor_state next = state;
    next.phase = tor_phase::failed;
    next.failure = std::move(why);
    next.warning.reset();
    next.socks.reset();
    next.control.reset();
    publish(std::move(next));
  }

  void settle_first(status outcome) {
    if (first_start) return;
    first_start = std::move(outcome);
    wakeup.cancel();
  }

  asio::awaitable<void> supervise() {
    files = process::files_in(options.state_dir);
    auto binary = process::find_executable(options.tor_binary);
    if (!binary) {
      fail(binary.err().message);
      settle_first(binary.err());
    }
    int failed_starts = 0;
    auto backoff = options.restart_backoff_min;
    while (binary && !stopping) {
      const auto started_at = clock::now();
      auto started = co_await launch(*binary);
      settle_first(started);
      std::string why;
      if (started) {
        co_await monitor();
        if (stopping) break;
        why = "tor " + last_exit;
        if (clock::now() - started_at >= options.stable_after) {
          failed_starts = 0;
          backoff = options.restart_backoff_min;
        } else {
          ++failed_starts;
        }
      } else {
        if (stopping) break;
        why = started.err().message;
        ++failed_starts;
      }
      control.reset();
      co_await terminate();  // a launch that failed half-way may leave tor running
      if (failed_starts >= options.max_failed_starts) {
        fail("tor stopped " + std::to_string(failed_starts) + " times in a row soon after start; last: " + why);
        break;
      }
      tor_state next = state;
      next.phase = tor_phase::starting;
      next.warning = why + "; restarting in " + std::to_string(backoff.count() / 1000) + "." +
                     std::to_string(backoff.count() % 1000 / 100) + " s";
      next.socks.reset();
      next.control.reset();
      publish(std::move(next));
      if (!co_await sleep(backoff)) break;
      backoff = std::min(backoff * 2, options.restart_backoff_max);
    }
    control.reset();
    co_await terminate();
    settle_first(make_error(tor::errc::tor_start_failed, "stopped before tor started"));
    running = false;
    wakeup.cancel();
  }

  // Blocking stop for the destructor, when stop() was not awaited.
  void kill_now() {
    if (pid <= 0) return;
    process::send_signal(pid, SIGTERM);
    const auto kill_at = clock::now() + options.stop_grace;
    while (!process::reap(pid)) {
      if (clock::now() >= kill_at) process::send_signal(pid, SIGKILL);
      std::this_thread::sleep_for(10ms);
    }
    pid = 0;
  }
};

managed_tor::managed_tor(asio::any_io_executor executor, managed_tor_options options)
    : impl_(std::make_shared<impl>(executor, std::move(options))) {}

managed_tor::~managed_tor() {
  // The supervisor may resume after this (it holds impl): it must not call
  // back into an owner that is gone.
  impl_->options.on_state = nullptr;
  impl_->options.on_connected = nullptr;
  impl_->stopping = true;
  impl_->sleeper.cancel();
  impl_->control.reset();
  impl_->kill_now();
}

asio::awaitable<status> managed_tor::start() {
  auto self = impl_;
  if (!self->running && !self->first_start) {
    self->running = true;
    self->wakeup.expires_at(clock::time_point::max());
    // The lambda's copy of `self` keeps impl alive for the whole supervisor.
    asio::co_spawn(self->executor, [self]() -> asio::awaitable<void> { co_await self->supervise(); },
                   asio::detached);
  }
  while (!self->first_start) co_await self->wakeup.async_wait(nothrow);
  co_return *self->first_start;
}

asio::awaitable<void> managed_tor::stop() {
  auto self = impl_;
  self->stopping = true;
  self->sleeper.cancel();
  if (self->control) self->control->close();  // ends a command in flight at once
  process::send_signal(self->pid, SIGTERM);   // and a connect to a tor still starting
  while (self->running) {
    self->wakeup.expires_at(clock::time_point::max());
    co_await self->wakeup.async_wait(nothrow);
  }
}

const tor_state& managed_tor::state() const { return impl_->state; }
std::optional<host_port> managed_tor::socks_address() const { return impl_->state.socks; }
control_connection* managed_tor::control() {
  return impl_->control && impl_->control->is_open() ? &*impl_->control : nullptr;
}
int managed_tor::pid() const { return impl_->pid; }

}  // namespace hrn::tor
