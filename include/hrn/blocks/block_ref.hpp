#pragma once
// One block as a source names it (height and hash), the checks every value
// from outside passes, and the tip built from a run of them. Pure.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "hrn/flag/chain_tip.hpp"
#include "hrn/util/result.hpp"

namespace hrn::blocks {

// Heights above this are refused as nonsense: at one block per ten minutes
// the chain reaches it in about 190 years, and it keeps every height far
// from the uint32 limit, so height - i never wraps.
inline constexpr std::int64_t max_sane_height = 10'000'000;
// Hashes the relay keeps (the tip and five below it): a client comparing a
// flag from a few blocks ago still finds its hash.
inline constexpr std::size_t hashes_kept = 6;
// Cap on any reply body; an Esplora /blocks page of ten blocks is ~5 KiB.
inline constexpr std::size_t max_reply_bytes = 64 * 1024;

struct block_ref {
  std::uint32_t height = 0;
  flag::block_hash hash{};
  friend bool operator==(const block_ref&, const block_ref&) = default;
};

// 64 hex digits (either case), in display order. Error bad_block_hash.
result<flag::block_hash> parse_block_hash(std::string_view text);
// 0..max_sane_height. Error bad_height.
result<std::uint32_t> check_height(std::int64_t value);

// The tip from blocks given newest first: heights must go down by one at
// each step (error inconsistent_chain). Keeps at most `keep` hashes (at
// least one block is needed: error bad_reply).
result<flag::chain_tip> make_tip(const std::vector<block_ref>& newest_first, std::size_t keep,
                                 std::uint64_t observed_at);

}  // namespace hrn::blocks
