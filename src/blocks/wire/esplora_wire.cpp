#include "hrn/blocks/esplora_wire.hpp"

#include <boost/json/value.hpp>

#include "hrn/blocks/errors.hpp"
#include "json_reader.hpp"

namespace hrn::blocks {

namespace {

struct listed_block {
  block_ref ref;
  std::optional<flag::block_hash> previous;  // previousblockhash; null for the genesis block
};

result<listed_block> read_block(const boost::json::value& v, std::size_t index) {
  const auto where = "block " + std::to_string(index) + " of the /blocks list";
  const auto* object = v.if_object();
  if (!object) return make_error(errc::bad_reply, where + " is not a JSON object");
  const auto* id = object->if_contains("id");
  if (!id || !id->is_string()) return make_error(errc::bad_reply, where + " has no string `id`");
  auto hash = parse_block_hash(id->get_string());
  if (!hash) return make_error(hash.err().code, where + ": " + hash.err().message);
  const auto raw_height = detail::as_integer(object->if_contains("height"));
  if (!raw_height) return make_error(errc::bad_reply, where + " has no integer `height`");
  auto height = check_height(*raw_height);
  if (!height) return make_error(height.err().code, where + ": " + height.err().message);
  listed_block out;
  out.ref = {*height, *hash};
  if (const auto* prev = object->if_contains("previousblockhash"); prev && !prev->is_null()) {
    if (!prev->is_string()) return make_error(errc::bad_reply, where + ": `previousblockhash` is not a string");
    auto p = parse_block_hash(prev->get_string());
    if (!p) return make_error(p.err().code, where + " previousblockhash: " + p.err().message);
    out.previous = *p;
  }
  return out;
}

}  // namespace

result<std::vector<block_ref>> parse_esplora_blocks(std::string_view body, std::size_t keep) {
  auto parsed = detail::parse_bounded_json(body, "the /blocks reply");
  if (!parsed) return std::move(parsed).err();
  const auto* list = parsed->if_array();
  if (!list) return make_error(errc::bad_reply, "the /blocks reply is not a JSON array");
  if (list->empty() || keep == 0) return make_error(errc::bad_reply, "the /blocks reply lists no block");
  // Read one more than kept, so the last kept block's link is checked too.
  const auto n = std::min(list->size(), keep + 1);
  std::vector<listed_block> blocks;
  blocks.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto b = read_block((*list)[i], i);
    if (!b) return std::move(b).err();
    blocks.push_back(std::move(*b));
  }
  for (std::size_t i = 0; i + 1 < blocks.size(); ++i) {
    const auto& newer = blocks[i];
    const auto& older = blocks[i + 1];
    if (newer.ref.height == 0 || older.ref.height != newer.ref.height - 1)
      return make_error(errc::inconsistent_chain, "the /blocks list has height " +
                                                      std::to_string(older.ref.height) + " after " +
                                                      std::to_string(newer.ref.height));
    if (newer.previous && *newer.previous != older.ref.hash)
      return make_error(errc::inconsistent_chain, "block " + std::to_string(newer.ref.height) +
                                                      " does not link to the listed block below it");
  }
  std::vector<block_ref> out;
  for (std::size_t i = 0; i < std::min(keep, blocks.size()); ++i) out.push_back(blocks[i].ref);
  return out;
}

}  // namespace hrn::blocks
