// Fuzzes what a Redis server may send the relay: hiredis's reply parser
// behind our framing guard (hrn::cache::redis::reply_reader). The first
// bytes pick the chunk sizes the input is fed in, as a socket would cut it,
// and small limits, so the limit paths are reached. Beyond "no crash, no UB,
// no leak": once the reader fails it stays failed; no reply breaks a limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "hrn/cache/redis/errors.hpp"
#include "hrn/cache/redis/reply.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

// Counts every element at every level, as the limit does.
std::size_t count_elements(const hrn::cache::redis::reply& r, const hrn::cache::redis::reader_limits& limits) {
  require(r.text.size() <= limits.max_bulk);
  std::size_t n = r.elements.size();
  for (const auto& e : r.elements) n += count_elements(e, limits);
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  using namespace hrn::cache::redis;
  reader_limits limits;
  if (data[0] & 1) limits = reader_limits{.max_bulk = 64, .max_elements = 16, .max_buffered = 512};
  const std::uint8_t seed = data[1];
  std::span<const std::uint8_t> rest(data + 2, size - 2);

  reply_reader reader(limits);
  bool failed = false;
  std::size_t cut = 0;
  while (!rest.empty()) {
    // Chunks of 1 to 64 bytes, varied by the seed and the position.
    const std::size_t chunk = std::min<std::size_t>(rest.size(), 1 + (seed + 7 * cut++) % 64);
    auto fed = reader.feed(rest.first(chunk));
    rest = rest.subspan(chunk);
    if (!fed) {
      require(fed.err().code == errc::redis_protocol_error && !fed.err().message.empty());
      failed = true;
      break;
    }
    for (;;) {
      auto next = reader.next();
      if (!next) {
        failed = true;
        break;
      }
      if (!*next) break;
      require(count_elements(**next, limits) <= limits.max_elements);
    }
    if (failed) break;
  }
  if (failed) {
    require(!reader.feed(hrn::as_bytes("+OK\r\n")));
    require(!reader.next());
  }
  return 0;
}
