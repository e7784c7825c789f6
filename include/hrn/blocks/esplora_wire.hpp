#pragma once
// What an Esplora server answers (github.com/Blockstream/esplora, API.md).
// Pure: bytes in, values or errors out.
//
// The relay asks GET PATH/blocks, one request for the newest ten blocks as
// JSON objects with `id`, `height` and `previousblockhash`, rather than
// GET PATH/blocks/tip/height followed by GET PATH/block-height/H per hash:
// one round trip through Tor instead of seven, and one snapshot of the chain
// (the tip cannot move between the height and the hashes), whose links
// (each block's previousblockhash is the next block's id) can be checked.

#include <cstddef>
#include <string_view>
#include <vector>

#include "hrn/blocks/block_ref.hpp"
#include "hrn/util/result.hpp"

namespace hrn::blocks {

// The body of GET PATH/blocks: a JSON array of block objects, newest first.
// Returns the first `keep` blocks (at least one) after checking every
// object it returns: `id` is 64 hex digits, `height` an integer within
// check_height, heights go down by one, and a block's `previousblockhash`
// (when given) is the id of the block after it in the list. Errors:
// reply_too_large (over max_reply_bytes), bad_reply (not JSON, not an
// array of objects, empty, fields missing or of the wrong type),
// bad_block_hash, bad_height, inconsistent_chain.
result<std::vector<block_ref>> parse_esplora_blocks(std::string_view body, std::size_t keep);

}  // namespace hrn::blocks
