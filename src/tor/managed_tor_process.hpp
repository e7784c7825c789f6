#pragma once
// Private: the operating-system half of managed_tor. Finding the binary, the
// files in STATE_DIR/tor/, spawning tor, reaping and signalling it. No Asio:
// managed_tor.cpp polls these from its coroutine.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hrn/util/host_port.hpp"
#include "hrn/util/result.hpp"

namespace hrn::tor::process {

// `name` itself when it contains '/', else the first executable `name` in
// PATH, then in /usr/sbin and /usr/local/sbin (Debian installs tor in
// /usr/sbin, which a normal user's PATH lacks). Error code tor_not_found.
result<std::string> find_executable(const std::string& name);

struct tor_files {
  std::filesystem::path dir;             // STATE_DIR/tor, mode 0700
  std::filesystem::path data_dir;        // tor's DataDirectory
  std::filesystem::path torrc;           // generated on every start
  std::filesystem::path defaults_torrc;  // empty: keeps /etc/tor/torrc-defaults out
  std::filesystem::path port_file;       // ControlPortWriteToFile
  std::filesystem::path log_file;        // tor's stdout and stderr (Log notice stdout)
};
tor_files files_in(const std::filesystem::path& state_dir);

// Creates the directory and writes both torrc files. Error code
// tor_start_failed (unwritable directory, a path or line tor cannot take).
status write_torrc(const tor_files& files, const std::vector<std::string>& extra_lines,
                   int owner_pid);

// Starts `binary -f torrc --defaults-torrc defaults` with stdin on /dev/null,
// stdout and stderr appended to the log file (the previous run's log kept as
// tor.log.1), no other inherited descriptors, default signal handling and
// its own process group (a terminal's Ctrl-C reaches the relay, which then
// stops tor itself). Error code tor_start_failed.
result<int> spawn(const std::string& binary, const tor_files& files);

// How the child ended ("exited with status 1", "was killed by signal 9"),
// once reaped; nullopt while it runs.
std::optional<std::string> reap(int pid);
void send_signal(int pid, int signal);

// The first "PORT=ADDR:PORT" line of a ControlPortWriteToFile file.
std::optional<host_port> read_port_file(const std::filesystem::path& file);

// tor's last warnings and errors from its log, joined with " / ", for
// messages that say why tor did not start.
std::string log_tail(const std::filesystem::path& log_file);

}  // namespace hrn::tor::process
