#include "hrn/privacy/random.hpp"

#include <array>
#include <memory>
#include <random>
#include <stdexcept>

#include <openssl/rand.h>

namespace hrn::privacy {

random_source random_source::secure() {
  // One RAND_bytes call per 64 draws: the scheduler draws a few dozen
  // numbers per round, so this is a call every second or two.
  struct block {
    std::array<std::uint64_t, 64> words{};
    std::size_t used = 64;
  };
  auto b = std::make_shared<block>();
  return random_source([b]() -> std::uint64_t {
    if (b->used == b->words.size()) {
      if (RAND_bytes(reinterpret_cast<unsigned char*>(b->words.data()),
                     static_cast<int>(sizeof(std::uint64_t) * b->words.size())) != 1)
        throw std::runtime_error("RAND_bytes failed");
      b->used = 0;
    }
    return b->words[b->used++];
  });
}

random_source random_source::seeded(std::uint64_t seed) {
  return random_source([g = std::mt19937_64(seed)]() mutable -> std::uint64_t { return g(); });
}

double random_source::unit() {
  // The top 53 bits fill a double's mantissa exactly.
  return static_cast<double>(next_() >> 11) * 0x1.0p-53;
}

std::uint64_t random_source::below(std::uint64_t n) {
  if (n == 0) return 0;
  return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(*this);
}

}  // namespace hrn::privacy
