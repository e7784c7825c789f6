#pragma once
// What the relay knows of the block chain for the node-id flag: the tip
// height and the hashes of the last few blocks (a flag is computed for the
// tip, and clients may show the previous block's flag too). Filled by the
// block source (hrn/blocks), read by the answer views. Pure values.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hrn::flag {

using block_hash = std::array<std::uint8_t, 32>;  // display order (explorer hex as written)

struct chain_tip {
  std::uint32_t height = 0;
  // Newest first: hashes[i] is the hash of the block at height - i. At least one.
  std::vector<block_hash> hashes;
  std::uint64_t observed_at = 0;  // unix seconds when the source last confirmed this tip
};

// The block source's state now: a tip, or the reason there is none, said so
// a client can show it ("no block source configured (--blocks)", "block
// source unreachable since …").
struct tip_state {
  std::optional<chain_tip> tip;
  std::string reason;  // set when `tip` is empty
};

// The hash of the block at `height`, when the tip keeps it.
inline std::optional<block_hash> hash_at(const chain_tip& tip, std::uint32_t height) {
  if (height > tip.height) return std::nullopt;
  const auto back = tip.height - height;
  if (back >= tip.hashes.size()) return std::nullopt;
  return tip.hashes[back];
}

}  // namespace hrn::flag
