// privacy_recorder LISTEN_PORT_FILE UPSTREAM_PORT LOG_FILE
//
// The domain's view for the privacy bench: a DNS-over-TCP forwarder on
// 127.0.0.1 (a free port, written to LISTEN_PORT_FILE) in front of a resolver
// on 127.0.0.1:UPSTREAM_PORT. Every query that passes from a client to the
// resolver is logged as one line `time_ns connection qtype qname` (time_ns:
// CLOCK_MONOTONIC, the clock the load driver uses; qname lower-cased, without
// the final dot). Bytes are forwarded unchanged in both directions. Runs until
// SIGTERM or SIGINT. One thread per connection; bench use only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

std::mutex log_mutex;
std::FILE* log_file = nullptr;
std::atomic<std::uint64_t> next_connection{1};
int upstream_port = 0;

std::uint64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

// parse_query MSG: the QNAME (lower case, dotted, no final dot) and QTYPE of a
// DNS message's first question; false if it is not one we can read.
bool parse_query(const std::uint8_t* msg, std::size_t len, std::string& qname, unsigned& qtype) {
  if (len < 12) return false;
  if (((msg[4] << 8) | msg[5]) == 0) return false;  // QDCOUNT
  std::size_t pos = 12;
  qname.clear();
  for (;;) {
    if (pos >= len) return false;
    const unsigned l = msg[pos++];
    if (l == 0) break;
    if (l > 63 || pos + l > len) return false;  // no compression in a question
    if (!qname.empty()) qname += '.';
    for (unsigned i = 0; i < l; ++i) {
      const char c = static_cast<char>(msg[pos + i]);
      qname += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    pos += l;
  }
  if (pos + 4 > len) return false;
  qtype = (static_cast<unsigned>(msg[pos]) << 8) | msg[pos + 1];
  return true;
}

bool write_all(int fd, const std::uint8_t* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

void serve(int client) {
  const std::uint64_t id = next_connection++;
  const int up = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(upstream_port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (up < 0 || ::connect(up, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    if (up >= 0) ::close(up);
    ::close(client);
    return;
  }
  const int one = 1;
  ::setsockopt(up, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  std::vector<std::uint8_t> pending;  // client bytes not yet parsed into whole messages
  std::uint8_t buf[65536];
  pollfd fds[2] = {{client, POLLIN, 0}, {up, POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0) break;
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = ::recv(client, buf, sizeof buf, 0);
      if (n <= 0) break;
      const std::uint64_t t = now_ns();
      pending.insert(pending.end(), buf, buf + n);
      std::size_t off = 0;
      while (pending.size() - off >= 2) {
        const std::size_t mlen = (static_cast<std::size_t>(pending[off]) << 8) | pending[off + 1];
        if (pending.size() - off < 2 + mlen) break;
        std::string qname;
        unsigned qtype = 0;
        if (parse_query(pending.data() + off + 2, mlen, qname, qtype)) {
          std::lock_guard lock(log_mutex);
          std::fprintf(log_file, "%llu %llu %u %s\n", static_cast<unsigned long long>(t),
                       static_cast<unsigned long long>(id), qtype, qname.empty() ? "." : qname.c_str());
          std::fflush(log_file);
        }
        off += 2 + mlen;
      }
      pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(off));
      if (!write_all(up, buf, static_cast<std::size_t>(n))) break;
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = ::recv(up, buf, sizeof buf, 0);
      if (n <= 0) break;
      if (!write_all(client, buf, static_cast<std::size_t>(n))) break;
    }
  }
  ::close(up);
  ::close(client);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: privacy_recorder LISTEN_PORT_FILE UPSTREAM_PORT LOG_FILE\n");
    return 2;
  }
  upstream_port = std::atoi(argv[2]);
  log_file = std::fopen(argv[3], "w");
  if (log_file == nullptr || upstream_port <= 0 || upstream_port > 65535) {
    std::fprintf(stderr, "privacy_recorder: bad port or log file\n");
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  const int ls = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t alen = sizeof a;
  if (ls < 0 || ::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(ls, 512) != 0 ||
      ::getsockname(ls, reinterpret_cast<sockaddr*>(&a), &alen) != 0) {
    std::perror("privacy_recorder: listen");
    return 1;
  }
  {
    const std::string tmp = std::string(argv[1]) + ".tmp";
    std::FILE* pf = std::fopen(tmp.c_str(), "w");
    if (pf == nullptr) return 1;
    std::fprintf(pf, "%u\n", static_cast<unsigned>(ntohs(a.sin_port)));
    std::fclose(pf);
    if (std::rename(tmp.c_str(), argv[1]) != 0) return 1;
  }
  // Connection threads are detached: the process ends on a signal's default
  // action, and every log line has been flushed as it was written.
  for (;;) {
    const int c = ::accept(ls, nullptr, nullptr);
    if (c < 0) continue;
    std::thread(serve, c).detach();
  }
}
