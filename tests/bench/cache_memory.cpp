// Memory per cached entry and hit throughput of the answer store. Prints
// figures; asserts nothing.
//
//   bench_cache_memory [ENTRIES ...]      (default: 100000 1000000)
//
// Each size is measured in a child process of its own, so one measurement's
// freed heap does not hide the next one's growth. Entries are realistic:
// keys `userNNNN@domainMMM.example` (26 bytes), a `bitcoin:?lno=` URI holding
// a 300-character offer (the offer is a view of the URI, so its bytes are
// counted once, inside the URI), and a 64-byte chain (a real RFC 9102 chain
// is 2-5 KB; its size adds one to one with no overhead beside the malloc
// header, so a small one keeps the overhead visible).
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "hrn/cache/store.hpp"

using namespace hrn::cache;

namespace {

constexpr std::uint64_t now = 1'800'000'000;
constexpr std::size_t offer_chars = 300;
constexpr std::size_t chain_bytes = 64;
constexpr double target_per_entry = 512;

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

std::string key_of(std::size_t i) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "user%04zu@domain%03zu.example", i % 10000, i / 10000);
  return buf;
}

// A bech32-looking offer, different per entry.
std::string offer_of(std::size_t i) {
  static constexpr char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  std::string o = "lno1";
  std::uint64_t x = i * 0x9e3779b97f4a7c15ULL + 1;
  while (o.size() < offer_chars) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    o += charset[x % 32];
  }
  return o;
}

void measure(std::size_t n) {
  store s(SIZE_MAX);
  const long rss0 = rss_kib();
  const std::size_t heap0 = mallinfo2().uordblks;
  std::size_t payload = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string offer = offer_of(i);
    std::string uri = "bitcoin:?lno=";
    uri += offer;
    auto value = make_found(uri, offer, hrn::bytes(chain_bytes, static_cast<std::uint8_t>(i)));
    std::string key = key_of(i);
    payload += key.size() + value->payload_bytes();
    s.insert(std::move(key), std::move(value), now, 3600, 3600);
  }
  const double rss_delta = static_cast<double>(rss_kib() - rss0) * 1024;
  const double heap_delta = static_cast<double>(mallinfo2().uordblks - heap0);
  const double entries = static_cast<double>(s.entries());
  std::printf("%zu entries (key 26 B, URI %zu B with a %zu-char offer inside, chain %zu B)\n", s.entries(),
              13 + offer_chars, offer_chars, chain_bytes);
  std::printf("  RSS delta                      %10.1f MiB\n", rss_delta / 1048576);
  std::printf("  key + URI (offer) + chain bytes %9.1f MiB\n", static_cast<double>(payload) / 1048576);
  std::printf("  per entry beside those bytes:  %6.0f B by RSS, %6.0f B by malloc in-use (target %.0f)\n",
              (rss_delta - static_cast<double>(payload)) / entries,
              (heap_delta - static_cast<double>(payload)) / entries, target_per_entry);
  std::printf("  store's own charge per entry:  %6.0f B beside those bytes (entry_overhead %zu)\n",
              static_cast<double>(s.bytes() - payload) / entries, store::entry_overhead);

  // Hits/s, single thread, keys in a scrambled order so the map's buckets are
  // not walked in memory order.
  std::vector<std::string> keys;
  keys.reserve(n);
  for (std::size_t i = 0; i < n; ++i) keys.push_back(key_of((i * 7919) % n));
  const std::size_t rounds = std::max<std::size_t>(1, 4'000'000 / n);
  std::size_t hits = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t r = 0; r < rounds; ++r)
    for (const auto& k : keys)
      if (s.find(k, now + 10)) ++hits;
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("  find(): %.2f M hits/s single-threaded (%zu hits in %.2f s)\n", static_cast<double>(hits) / secs / 1e6,
              hits, secs);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoull(argv[i], nullptr, 10));
  if (sizes.empty()) sizes = {100'000, 1'000'000};
  for (std::size_t n : sizes) {
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
      measure(n);
      std::fflush(stdout);
      std::_Exit(0);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child || status != 0) {
      std::fprintf(stderr, "measurement of %zu entries failed\n", n);
      return 1;
    }
  }
  return 0;
}
