#pragma once
// A real redis-server (Debian's /usr/bin/redis-server) run as a child process
// for one test, in its own temp dir, with nothing saved to disk: on a free
// loopback port, on a unix socket, or over TLS with a CA made for the test.
// A missing redis-server fails the test with a message saying what to
// install: never a silent skip. Every wait is bounded.

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace test_support {

class redis_server {
 public:
  enum class listen { tcp, unix_socket, tls };
  // `args`: extra redis-server arguments, e.g. {"--requirepass", "pw"};
  // `config`: extra config file lines, e.g. "user alice on >pw ~* +@all".
  explicit redis_server(listen on = listen::tcp, std::vector<std::string> args = {}, std::string config = "")
      : options_{on, std::move(args), std::move(config)} {
    char dir_template[] = "/tmp/hrn-redis-XXXXXX";
    REQUIRE(mkdtemp(dir_template) != nullptr);
    dir_ = dir_template;
    if (access(binary, X_OK) != 0) FAIL(binary << " is missing: install redis-server (make deps)");
    if (options_.on == listen::unix_socket) socket_path_ = dir_ + "/redis.sock";
    else port_ = free_port();
    if (options_.on == listen::tls) make_certificates();
    start();
  }

  ~redis_server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGCONT);
      ::kill(pid_, SIGKILL);
      reap();
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  redis_server(const redis_server&) = delete;
  redis_server& operator=(const redis_server&) = delete;

  unsigned short port() const { return port_; }
  const std::string& socket_path() const { return socket_path_; }
  const std::string& dir() const { return dir_; }
  std::string ca_file() const { return dir_ + "/ca.crt"; }
  pid_t pid() const { return pid_; }

  // The --redis URL for this server (`user` before '@', `db` after '/').
  std::string url(const std::string& user = "", unsigned db = 0) const {
    const std::string at = user.empty() ? "" : user + "@";
    if (options_.on == listen::unix_socket)
      return "unix://" + at + socket_path_ + (db ? "?db=" + std::to_string(db) : "");
    const std::string scheme = options_.on == listen::tls ? "rediss://" : "redis://";
    // TLS checks the name in the certificate: localhost.
    const std::string host = options_.on == listen::tls ? "localhost" : "127.0.0.1";
    return scheme + at + host + ":" + std::to_string(port_) + (db ? "/" + std::to_string(db) : "");
  }

  // Starts it again, same port or socket, empty.
  void start() {
    REQUIRE(pid_ == 0);
    std::vector<std::string> args{binary, config_file(), "--daemonize", "no", "--save", "", "--appendonly", "no",
                                  "--dir", dir_, "--logfile", dir_ + "/redis.log", "--bind", "127.0.0.1"};
    if (options_.on == listen::unix_socket) {
      args.insert(args.end(), {"--port", "0", "--unixsocket", socket_path_, "--unixsocketperm", "700"});
    } else if (options_.on == listen::tls) {
      args.insert(args.end(), {"--port", "0", "--tls-port", std::to_string(port_), "--tls-cert-file",
                               dir_ + "/server.crt", "--tls-key-file", dir_ + "/server.key",
                               "--tls-ca-cert-file", ca_file(), "--tls-auth-clients", "no"});
    } else {
      args.insert(args.end(), {"--port", std::to_string(port_)});
    }
    args.insert(args.end(), options_.args.begin(), options_.args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string output = dir_ + "/stdout";
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ < 0) {
      pid_ = 0;
      FAIL("cannot fork for " << binary);
    }
    if (pid_ == 0) {
      // Dies with the test (a crashed test must not leave a server behind),
      // and writes nowhere the test's own output goes: ctest waits for every
      // holder of that pipe.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      const int out = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out >= 0) {
        dup2(out, 1);
        dup2(out, 2);
      }
      execve(binary, argv.data(), environ);
      _exit(127);
    }
    wait_ready();
  }

  void stop() { signal_and_reap(SIGTERM); }
  void kill() { signal_and_reap(SIGKILL); }
  // The process stays, silent: connections open, nothing answered.
  void pause() { REQUIRE(::kill(pid_, SIGSTOP) == 0); }
  void resume() { REQUIRE(::kill(pid_, SIGCONT) == 0); }

  std::string log() const { return read(dir_ + "/redis.log"); }

 private:
  static constexpr const char* binary = "/usr/bin/redis-server";

  static std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // The kernel's pick of a free port; redis-server binds it a moment later.
  static unsigned short free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t length = sizeof a;
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length) == 0);
    close(fd);
    return ntohs(a.sin_port);
  }

  std::string config_file() const {
    const std::string path = dir_ + "/redis.conf";
    std::ofstream(path) << options_.config << "\n";
    return path;
  }

  void make_certificates() const {
    const std::string d = dir_ + "/";
    const std::string key = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    std::ofstream(d + "ext.cnf") << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
    const std::string script =
        "cd " + dir_ + " && ( openssl req -x509" + key + " -keyout ca.key -out ca.crt -days 2 -subj '/CN=hrn test CA'" +
        " && openssl req" + key + " -keyout server.key -out server.csr -subj /CN=localhost" +
        " && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt" +
        " -days 2 -extfile ext.cnf ) >/dev/null 2>openssl.err";
    if (std::system(script.c_str()) != 0)
      FAIL("openssl could not make the test certificates: " << read(d + "openssl.err"));
  }

  bool accepts_connections() const {
    if (options_.on == listen::unix_socket) {
      const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
      sockaddr_un a{};
      a.sun_family = AF_UNIX;
      std::snprintf(a.sun_path, sizeof a.sun_path, "%s", socket_path_.c_str());
      const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      close(fd);
      return ok;
    }
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port_);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    close(fd);
    return ok;
  }

  void wait_ready() {
    for (int i = 0; i < 250; ++i) {
      if (accepts_connections()) return;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        FAIL("redis-server exited at start: " << log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("redis-server did not listen within 5 s: " << log());
  }

  void signal_and_reap(int sig) {
    REQUIRE(pid_ > 0);
    ::kill(pid_, SIGCONT);
    ::kill(pid_, sig);
    reap();
  }

  // Waits for the process to end (SIGKILL after 5 s).
  void reap() {
    int status = 0;
    for (int i = 0; i < 250; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = 0;
  }

  struct options {
    listen on;
    std::vector<std::string> args;
    std::string config;
  };
  options options_;
  std::string dir_;
  std::string socket_path_;
  unsigned short port_ = 0;
  pid_t pid_ = 0;
};

}  // namespace test_support
