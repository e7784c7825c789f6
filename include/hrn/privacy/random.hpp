#pragma once
// The randomness behind the scheduler's choices: round jitter, start offsets,
// which decoys, the refresh key. An observer who could predict it could tell
// a decoy from a real lookup, so the relay uses OpenSSL's CSPRNG; tests use
// a seeded generator so that statistical checks are reproducible.
//
// A UniformRandomBitGenerator, so <random>'s distributions accept it.

#include <cstdint>
#include <functional>
#include <limits>

namespace hrn::privacy {

class random_source {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  // OpenSSL RAND_bytes, read in blocks. Throws std::runtime_error if the
  // CSPRNG fails (it cannot be seeded: a start-up failure, not a value).
  static random_source secure();
  // Reproducible (std::mt19937_64): tests only.
  static random_source seeded(std::uint64_t seed);

  result_type operator()() { return next_(); }
  // Uniform in [0, 1).
  double unit();
  // Uniform in [0, n); 0 when n == 0.
  std::uint64_t below(std::uint64_t n);

 private:
  explicit random_source(std::function<std::uint64_t()> next) : next_(std::move(next)) {}
  std::function<std::uint64_t()> next_;
};

}  // namespace hrn::privacy
