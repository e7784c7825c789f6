#include "hrn/blocks/block_ref.hpp"

#include <algorithm>

#include "hrn/blocks/errors.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::blocks {

result<flag::block_hash> parse_block_hash(std::string_view text) {
  if (text.size() != 64)
    return make_error(errc::bad_block_hash,
                      "a block hash is 64 hex digits, not " + std::to_string(text.size()) + " characters");
  const auto raw = from_hex(text);
  if (!raw) return make_error(errc::bad_block_hash, "a block hash holds a character that is not a hex digit");
  flag::block_hash out{};
  std::copy(raw->begin(), raw->end(), out.begin());
  return out;
}

result<std::uint32_t> check_height(std::int64_t value) {
  if (value < 0 || value > max_sane_height)
    return make_error(errc::bad_height, "block height " + std::to_string(value) + " is outside 0.." +
                                            std::to_string(max_sane_height));
  return static_cast<std::uint32_t>(value);
}

result<flag::chain_tip> make_tip(const std::vector<block_ref>& newest_first, std::size_t keep,
                                 std::uint64_t observed_at) {
  if (newest_first.empty() || keep == 0) return make_error(errc::bad_reply, "the source named no block");
  flag::chain_tip tip;
  tip.height = newest_first.front().height;
  tip.observed_at = observed_at;
  const auto n = std::min(keep, newest_first.size());
  for (std::size_t i = 0; i < n; ++i) {
    // hash_at(tip, h) reads hashes[tip.height - h]: the run must have no gap.
    if (i > tip.height || newest_first[i].height != tip.height - i)
      return make_error(errc::inconsistent_chain, "block heights do not go down by one from the tip " +
                                                      std::to_string(tip.height));
    tip.hashes.push_back(newest_first[i].hash);
  }
  return tip;
}

}  // namespace hrn::blocks
