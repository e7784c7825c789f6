#pragma once
// A scripted server from tests/lib/ run as a child process for one test: it
// writes its port to a file once it listens and its observations to an
// event file. Debian's python3 is used on purpose (python3-h2 is installed
// for it, not for another python3 earlier in PATH). A missing interpreter or
// module fails the test with the script's own message: never a silent skip.

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

extern char** environ;

namespace test_support {

class python_server {
 public:
  python_server(const std::string& script, const std::string& mode) {
    char dir_template[] = "/tmp/hrn-pyserver-XXXXXX";
    REQUIRE(mkdtemp(dir_template) != nullptr);
    dir_ = dir_template;
    const std::string python = "/usr/bin/python3";
    const std::string path = std::string(HRN_TEST_DATA_DIR) + "/lib/" + script;
    const std::string port_file = dir_ + "/port";
    std::vector<std::string> args{python, path, mode, port_file, events_file()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string stderr_file = dir_ + "/stderr";
    posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int spawned = posix_spawn(&pid_, python.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) FAIL("cannot run " << python << " (install python3 and python3-h2: make deps)");
    // Wait for the port, or for the script to die and say why.
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::ifstream in(port_file);
      if (in >> port_) break;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        FAIL(path << " " << mode << " exited at start: " << read(stderr_file));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    if (port_ == 0) FAIL(path << " " << mode << " reported no port: " << read(stderr_file));
  }

  ~python_server() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    // HRN_TEST_SERVER_EVENTS=1 shows what the server saw, when debugging a case.
    if (std::getenv("HRN_TEST_SERVER_EVENTS")) std::cerr << "server saw:\n" << events();
    // A server that crashed explains a failure better than the client does.
    if (auto said = read(dir_ + "/stderr"); !said.empty()) std::cerr << "server said:\n" << said;
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  python_server(const python_server&) = delete;
  python_server& operator=(const python_server&) = delete;

  unsigned short port() const { return port_; }
  // Everything the server logged so far.
  std::string events() const { return read(events_file()); }

 private:
  std::string events_file() const { return dir_ + "/events"; }
  static std::string read(const std::string& file) {
    std::ifstream in(file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::string dir_;
  pid_t pid_ = 0;
  unsigned short port_ = 0;
};

}  // namespace test_support
