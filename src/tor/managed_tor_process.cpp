// Spawning and reaping the managed tor, and the files it reads and writes.
#include "managed_tor_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hrn/tor/errors.hpp"

extern char** environ;

namespace hrn::tor::process {
namespace fs = std::filesystem;

namespace {

error start_failed(std::string message) { return make_error(tor::errc::tor_start_failed, std::move(message)); }

bool is_executable_file(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
}

// torrc values are written quoted; these characters would need escapes that
// tor's config parser and ours might read differently, so they are refused.
bool torrc_safe(std::string_view text) {
  for (char c : text)
    if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\0') return false;
  return true;
}

std::string quoted(const fs::path& p) {
  std::string out(1, '"');
  out += p.string();
  out += '"';
  return out;
}

}  // namespace

result<std::string> find_executable(const std::string& name) {
  if (name.empty()) return make_error(tor::errc::tor_not_found, "no tor binary configured");
  if (name.find('/') != std::string::npos) {
    if (is_executable_file(name)) return name;
    return make_error(tor::errc::tor_not_found, "the tor binary " + name + " does not exist or is not executable");
  }
  std::vector<std::string> dirs;
  if (const char* path = std::getenv("PATH")) {
    std::stringstream in(path);
    for (std::string dir; std::getline(in, dir, ':');)
      if (!dir.empty()) dirs.push_back(dir);
  }
  for (const char* extra : {"/usr/sbin", "/usr/local/sbin"}) dirs.emplace_back(extra);
  for (const auto& dir : dirs) {
    const fs::path candidate = fs::path(dir) / name;
    if (is_executable_file(candidate)) return candidate.string();
  }
  return make_error(tor::errc::tor_not_found,
                    "cannot find the tor binary '" + name +
                        "' in PATH, /usr/sbin or /usr/local/sbin: install tor (Debian: apt install "
                        "tor), give its path, or point --tor-socks/--tor-control at a running tor");
}

tor_files files_in(const fs::path& state_dir) {
  tor_files f;
  // Absolute: tor gets these paths in its torrc and should not depend on
  // the working directory the relay was started from.
  std::error_code ec;
  const fs::path base = fs::absolute(state_dir, ec);
  f.dir = (ec ? state_dir : base) / "tor";
  f.data_dir = f.dir / "data";
  f.torrc = f.dir / "torrc";
  f.defaults_torrc = f.dir / "torrc-defaults";
  f.port_file = f.dir / "control_port";
  f.log_file = f.dir / "tor.log";
  return f;
}

status write_torrc(const tor_files& files, const std::vector<std::string>& extra_lines, int owner_pid) {
  if (!torrc_safe(files.dir.string()))
    return start_failed("the state directory " + files.dir.string() +
                        " contains a quote, backslash or line break, which a torrc cannot carry");
  std::error_code ec;
  fs::create_directories(files.dir, ec);
  if (ec) return start_failed("cannot create " + files.dir.string() + ": " + ec.message());
  // The cookie, keys and state of tor live below: only our user may enter.
  fs::permissions(files.dir, fs::perms::owner_all, fs::perm_options::replace, ec);

  std::ostringstream torrc;
  torrc << "# Written by hrn-relay each time it starts its own tor; edits are lost.\n"
        << "DataDirectory " << quoted(files.data_dir) << "\n"
        // "auto": tor picks free ports, so no port we chose can be taken.
        // ExtendedErrors: onion-service failures arrive as their own codes
        // (0xF0-0xF7) instead of a generic failure.
        << "SocksPort 127.0.0.1:auto ExtendedErrors\n"
        // One circuit per lookup: with conflux, tor may put a later stream of
        // the same SOCKS credentials on a prebuilt conflux set instead of the
        // lookup's circuit. Isolation between lookups holds either way.
        << "ConfluxEnabled 0\n"
        << "ControlPort 127.0.0.1:auto\n"
        << "ControlPortWriteToFile " << quoted(files.port_file) << "\n"
        << "CookieAuthentication 1\n"
        // control-spec §5.4: tor exits if our process is gone.
        << "__OwningControllerProcess " << owner_pid << "\n"
        << "Log notice stdout\n";
  if (!extra_lines.empty()) torrc << "# extra lines from the relay's configuration\n";
  for (const auto& line : extra_lines) {
    if (line.find_first_of("\r\n") != std::string::npos || line.find('\0') != std::string::npos)
      return start_failed("an extra torrc line contains a line break");
    torrc << line << "\n";
  }
  for (const auto& [path, content] : {std::pair{files.torrc, torrc.str()},
                                      std::pair{files.defaults_torrc, std::string()}}) {
    std::ofstream out(path, std::ios::trunc);
    out << content;
    out.close();
    if (!out) return start_failed("cannot write " + path.string());
  }
  return ok_status();
}

result<int> spawn(const std::string& binary, const tor_files& files) {
  std::error_code ec;
  if (fs::exists(files.log_file, ec)) fs::rename(files.log_file, fs::path(files.log_file) += ".1", ec);

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, files.log_file.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  // Our sockets (the API listener, upstream connections) must not live on in tor.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                      POSIX_SPAWN_SETPGROUP);

  const std::string torrc = files.torrc.string();
  const std::string defaults = files.defaults_torrc.string();
  std::vector<char*> argv{const_cast<char*>(binary.c_str()), const_cast<char*>("-f"),
                          const_cast<char*>(torrc.c_str()), const_cast<char*>("--defaults-torrc"),
                          const_cast<char*>(defaults.c_str()), nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, binary.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return start_failed("cannot start " + binary + ": " + std::strerror(rc));
  return static_cast<int>(pid);
}

std::optional<std::string> reap(int pid) {
  if (pid <= 0) return std::string("is not running");
  int st = 0;
  const pid_t r = ::waitpid(pid, &st, WNOHANG);
  if (r == 0) return std::nullopt;
  if (r < 0) return std::string("is gone");  // ECHILD: already reaped
  if (WIFEXITED(st)) return "exited with status " + std::to_string(WEXITSTATUS(st));
  if (WIFSIGNALED(st))
    return "was killed by signal " + std::to_string(WTERMSIG(st)) + " (" + strsignal(WTERMSIG(st)) + ")";
  return std::string("ended");
}

void send_signal(int pid, int signal) {
  if (pid > 0) ::kill(pid, signal);
}

std::optional<host_port> read_port_file(const fs::path& file) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("PORT=", 0) != 0) continue;
    auto parsed = parse_host_port(std::string_view(line).substr(5));
    if (parsed && parsed->port != 0) return *parsed;
  }
  return std::nullopt;
}

std::string log_tail(const fs::path& log_file) {
  std::ifstream in(log_file);
  std::deque<std::string> problems, last;
  for (std::string line; std::getline(in, line);) {
    // "Nov 24 22:05:43.193 [warn] text": keep "[warn] text".
    const auto bracket = line.find(" [");
    if (bracket != std::string::npos) line.erase(0, bracket + 1);
    if (line.rfind("[warn]", 0) == 0 || line.rfind("[err]", 0) == 0) {
      problems.push_back(line);
      if (problems.size() > 3) problems.pop_front();
    }
    last.push_back(std::move(line));
    if (last.size() > 3) last.pop_front();
  }
  const auto& chosen = problems.empty() ? last : problems;
  std::string out;
  for (const auto& l : chosen) out += (out.empty() ? "" : " / ") + l;
  return out.empty() ? "tor's log " + log_file.string() + " is empty" : out;
}

}  // namespace hrn::tor::process
