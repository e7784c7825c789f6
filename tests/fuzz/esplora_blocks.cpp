// Fuzzes the Esplora /blocks parser (hrn::blocks::parse_esplora_blocks) with
// arbitrary server bytes. Beyond "no crash, no UB": what it accepts is what
// make_tip needs (at most `keep` blocks, heights down by one from a sane
// tip), and make_tip builds a tip from it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hrn/blocks/esplora_wire.hpp"

namespace {
void require(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t keep = data[0] % 12;  // 0 (refused) to 11
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto blocks = hrn::blocks::parse_esplora_blocks(body, keep);
  if (!blocks) {
    require(!blocks.err().code.empty() && !blocks.err().message.empty());
    return 0;
  }
  require(!blocks->empty() && blocks->size() <= keep);
  require(blocks->front().height <= hrn::blocks::max_sane_height);
  const auto tip = hrn::blocks::make_tip(*blocks, keep, 1);
  require(tip.ok() && tip->hashes.size() == blocks->size());
  for (std::size_t i = 0; i < blocks->size(); ++i) require(hrn::flag::hash_at(*tip, tip->height - static_cast<std::uint32_t>(i)) == (*blocks)[i].hash);
  return 0;
}
