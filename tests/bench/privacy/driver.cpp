// privacy_driver PORT DIRECTORY RATE SECONDS ZIPF_S SEED OUT_FILE
//
// The client load of the privacy bench: Poisson arrivals at RATE requests/s
// for SECONDS, each a GET /v1/resolve?name=NAME to 127.0.0.1:PORT on its own
// connection, NAME drawn Zipf(ZIPF_S) by rank from DIRECTORY (one name a line,
// the first the most popular). Each request runs on its own thread, so a slow
// answer never delays the next arrival. Writes one line per request to
// OUT_FILE: `send_ns done_ns status cached rank name` (CLOCK_MONOTONIC, the
// recorder's clock; send_ns just before the request's bytes are written;
// status 0 when no HTTP answer came; cached 1 if the answer says
// "cached":true). The network observer's view is send_ns (and done_ns);
// the name is ground truth it does not have.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

std::uint64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

void sleep_until_ns(std::uint64_t t) {
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(t / 1'000'000'000ULL);
  ts.tv_nsec = static_cast<long>(t % 1'000'000'000ULL);
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) != 0) {
  }
}

struct Result {
  std::uint64_t send_ns = 0, done_ns = 0;
  int status = 0;
  bool cached = false;
  std::size_t rank = 0;
};

void request(int port, const std::string& name, Result& r) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval tv{60, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const std::string req = "GET /v1/resolve?name=" + name + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
    r.send_ns = now_ns();
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
      std::string resp;
      char buf[16384];
      for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        resp.append(buf, static_cast<std::size_t>(n));
      }
      r.done_ns = now_ns();
      if (resp.rfind("HTTP/1.", 0) == 0 && resp.size() > 12) r.status = std::atoi(resp.c_str() + 9);
      r.cached = resp.find("\"cached\":true") != std::string::npos;
    }
  }
  if (r.done_ns == 0) r.done_ns = now_ns();
  ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 8) {
    std::fprintf(stderr, "usage: privacy_driver PORT DIRECTORY RATE SECONDS ZIPF_S SEED OUT_FILE\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  std::vector<std::string> names;
  {
    std::ifstream in(argv[2]);
    for (std::string l; std::getline(in, l);)
      if (!l.empty()) names.push_back(l);
  }
  const double rate = std::atof(argv[3]), seconds = std::atof(argv[4]), s = std::atof(argv[5]);
  const auto seed = static_cast<std::uint64_t>(std::strtoull(argv[6], nullptr, 10));
  if (names.empty() || port <= 0 || rate <= 0 || seconds <= 0 || s < 0) {
    std::fprintf(stderr, "privacy_driver: bad arguments\n");
    return 2;
  }
  std::vector<double> weights;
  for (std::size_t i = 0; i < names.size(); ++i) weights.push_back(1.0 / std::pow(static_cast<double>(i + 1), s));
  std::mt19937_64 rng(seed);
  std::discrete_distribution<std::size_t> zipf(weights.begin(), weights.end());
  std::exponential_distribution<double> gap(rate);

  // The whole schedule first, so drawing it costs nothing at send time.
  std::vector<std::pair<std::uint64_t, std::size_t>> plan;  // offset ns, rank
  for (double t = gap(rng); t < seconds; t += gap(rng))
    plan.emplace_back(static_cast<std::uint64_t>(t * 1e9), zipf(rng));
  std::vector<Result> results(plan.size());
  std::vector<std::thread> threads;
  threads.reserve(plan.size());
  const std::uint64_t start = now_ns();
  for (std::size_t i = 0; i < plan.size(); ++i) {
    sleep_until_ns(start + plan[i].first);
    results[i].rank = plan[i].second;
    threads.emplace_back(request, port, names[plan[i].second], std::ref(results[i]));
  }
  for (auto& t : threads) t.join();
  std::FILE* out = std::fopen(argv[7], "w");
  if (out == nullptr) return 1;
  for (const auto& r : results)
    std::fprintf(out, "%llu %llu %d %d %zu %s\n", static_cast<unsigned long long>(r.send_ns),
                 static_cast<unsigned long long>(r.done_ns), r.status, r.cached ? 1 : 0, r.rank,
                 names[r.rank].c_str());
  std::fclose(out);
  return 0;
}
