#pragma once
// A tor the relay starts itself when no --tor-socks/--tor-control is given:
// a generated torrc in STATE_DIR/tor/, tor as a child process, its control
// port, bootstrap progress reported as it happens, a restart (with bounded
// backoff) when tor dies, and SIGTERM then SIGKILL on shutdown.
//
// Tor picks free ports itself (SocksPort/ControlPort "auto") and writes the
// control port to a file (ControlPortWriteToFile); the SOCKS port is then
// asked over the control port (GETINFO net/listeners/socks). Tor exits on its
// own if the relay dies: __OwningControllerProcess names our pid, and the
// control connection sends TAKEOWNERSHIP (control-spec §3.23, §5.4).
//
// Ports change when tor is restarted: read socks_address() for each new
// connection, and re-add onion services in on_connected (a service made with
// ADD_ONION ends with the control connection that made it).
//
// Error codes: tor_not_found (no tor binary), tor_start_failed (tor exited
// or never opened its control port; the message quotes tor's log), and the
// control-port codes of control.hpp.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "hrn/tor/control.hpp"
#include "hrn/util/host_port.hpp"
#include "hrn/util/result.hpp"

namespace hrn::tor {

enum class tor_phase { starting, bootstrapping, ready, failed };
const char* to_string(tor_phase phase);

// What /healthz and the logs show.
struct tor_state {
  tor_phase phase = tor_phase::starting;
  int progress = 0;     // bootstrap %, 0..100
  std::string tag;      // control-spec §5.5 phase tag
  std::string summary;  // tor's words for the current step
  // Set when bootstrapping is in trouble, as one sentence for the operator:
  // "tor cannot reach the network: …" (tor reports repeated failures) or
  // "tor has made no progress for N s: …" (a stall without a report).
  std::optional<std::string> warning;
  std::string failure;  // phase failed: why tor cannot be run
  int launches = 0;     // how many times tor was started; grows on restarts
  std::optional<host_port> socks;    // tor's SocksPort once known
  std::optional<host_port> control;  // tor's ControlPort once known
  friend bool operator==(const tor_state&, const tor_state&) = default;
};

// One line for the log: "tor bootstrap 45%: Asking for relay descriptors".
std::string describe(const tor_state& state);

// tor_state::warning for a bootstrap report below 100 %: "tor cannot reach
// the network: …" once tor itself recommends warning the user (§4.1.10
// RECOMMENDATION=warn, after repeated failures at one phase), "tor has made
// no progress for over N s: …" when `without_progress` reaches `stall_after`,
// else nullopt. The sentence leaves out what changes on every retry (count,
// relay address), so a log of state changes is not flooded. Pure.
std::optional<std::string> bootstrap_warning(const bootstrap_phase& phase,
                                             std::chrono::steady_clock::duration without_progress,
                                             std::chrono::milliseconds stall_after);

struct managed_tor_options {
  std::string tor_binary = "tor";  // a path, or a name looked up in PATH
  std::filesystem::path state_dir;  // tor's files live in state_dir/tor/
  std::vector<std::string> extra_torrc_lines;  // appended to the generated torrc
  std::chrono::milliseconds start_timeout{30'000};  // launch to authenticated control port
  std::chrono::milliseconds poll_interval{1'000};   // child liveness and bootstrap polls
  std::chrono::milliseconds command_timeout{10'000};
  std::chrono::milliseconds stall_after{120'000};   // no progress this long is a warning
  std::chrono::milliseconds stop_grace{5'000};      // SIGTERM to SIGKILL
  std::chrono::milliseconds restart_backoff_min{1'000};
  std::chrono::milliseconds restart_backoff_max{60'000};
  // A run shorter than this counts as a failed start; this many in a row
  // and managed_tor gives up (phase failed).
  std::chrono::milliseconds stable_after{60'000};
  int max_failed_starts = 5;
  // Called on every change of state(), on the executor.
  std::function<void(const tor_state&)> on_state;
  // Called after each (re)start once the control port is authenticated,
  // e.g. to ADD_ONION again. Runs before monitoring resumes.
  std::function<boost::asio::awaitable<void>(control_connection&)> on_connected;
};

class managed_tor {
 public:
  managed_tor(boost::asio::any_io_executor executor, managed_tor_options options);
  ~managed_tor();  // stops tor if stop() was not awaited (blocking, at most stop_grace)
  managed_tor(const managed_tor&) = delete;
  managed_tor& operator=(const managed_tor&) = delete;

  // Writes the torrc, launches tor and returns once its control port is
  // authenticated (phase bootstrapping) or the first start failed; the
  // supervisor keeps running in the background either way, until stop().
  boost::asio::awaitable<status> start();
  // SIGTERM, SIGKILL after stop_grace, and waits for the process to end.
  boost::asio::awaitable<void> stop();

  const tor_state& state() const;
  std::optional<host_port> socks_address() const;
  // The live control connection, or nullptr while tor is (re)starting. Ask
  // again after each wait: a restart replaces it (a command in flight on the
  // old one then fails with tor_control_unavailable).
  control_connection* control();
  int pid() const;  // 0 when no tor process runs

  struct impl;

 private:
  std::shared_ptr<impl> impl_;
};

}  // namespace hrn::tor
