// The eviction policy against plain LRU on the kind of trace a relay sees:
// Zipf-distributed names (a few popular, a long tail) with a scan of names
// looked up once mixed in (decoys, crawlers, typos). S3-FIFO must keep more
// of the popular names than LRU does.
//
// Figures at the fixed seed (200k requests, 100k names, Zipf s = 0.99, room
// for 5% of the names, a one-hit scan of 20k names in the middle of the
// trace): hit ratio S3-FIFO 0.623, LRU 0.571.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <list>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "hrn/cache/store.hpp"

using namespace hrn::cache;

namespace {

// Least recently used, bounded by a count of equal-size entries.
class reference_lru {
 public:
  explicit reference_lru(std::size_t capacity) : capacity_(capacity) {}
  // True on a hit; a miss inserts.
  bool access(const std::string& key) {
    if (auto it = where_.find(key); it != where_.end()) {
      order_.splice(order_.begin(), order_, it->second);
      return true;
    }
    order_.push_front(key);
    where_[key] = order_.begin();
    if (order_.size() > capacity_) {
      where_.erase(order_.back());
      order_.pop_back();
    }
    return false;
  }

 private:
  std::size_t capacity_;
  std::list<std::string> order_;
  std::unordered_map<std::string, std::list<std::string>::iterator> where_;
};

// Indices 0..n-1 drawn with P(i) proportional to 1/(i+1)^s.
class zipf {
 public:
  zipf(std::size_t n, double s) : cdf_(n) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) cdf_[i] = sum += 1.0 / std::pow(static_cast<double>(i + 1), s);
    for (auto& c : cdf_) c /= sum;
  }
  std::size_t operator()(std::mt19937_64& rng) const {
    // 53 random bits: the same uniform double on every standard library.
    const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    return static_cast<std::size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

// Fixed width, so every entry is charged the same and the LRU's count
// capacity matches the store's byte capacity exactly.
std::string key_of(char kind, std::size_t i) {
  std::string k = std::to_string(i);
  k.insert(0, 7 - k.size(), '0');
  k.insert(k.begin(), kind);
  k += "@names.example";
  return k;
}

}  // namespace

TEST_CASE("store: S3-FIFO beats LRU on a Zipf trace with a scan") {
  constexpr std::size_t names = 100'000, requests = 200'000, room = names / 20;
  constexpr std::size_t scan_begin = 80'000, scan_end = 120'000;  // every other request a new name
  constexpr std::uint64_t now = 1'800'000'000;
  const auto value = make_found("bitcoin:?lno=lno1example", "lno1example", hrn::bytes(64, 7));
  const std::size_t each = store::charge_of(key_of('z', 0), *value);

  store s(room * each);
  reference_lru lru(room);
  const zipf popularity(names, 0.99);
  std::mt19937_64 rng(353);
  std::size_t s3_hits = 0, lru_hits = 0, scanned = 0;
  for (std::size_t i = 0; i < requests; ++i) {
    const bool scan = i >= scan_begin && i < scan_end && i % 2 == 0;
    const std::string key = scan ? key_of('s', scanned++) : key_of('z', popularity(rng));
    if (s.find(key, now)) ++s3_hits;
    else s.insert(key, value, now, 86400, 0);
    if (lru.access(key)) ++lru_hits;
    REQUIRE(s.bytes() <= s.max_bytes());
  }
  const double s3_ratio = static_cast<double>(s3_hits) / requests;
  const double lru_ratio = static_cast<double>(lru_hits) / requests;
  INFO("S3-FIFO hit ratio " << s3_ratio << ", LRU " << lru_ratio);
  CHECK(s3_ratio > lru_ratio);
  CHECK(s.entries() == room);
}
