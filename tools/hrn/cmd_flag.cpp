// hrn flag: the node-id flag for Alice's side, offline.
#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include <cstdio>

#include "hrn/flag/flag.hpp"
#include "hrn/flag/svg.hpp"
#include "hrn/util/bytes.hpp"
#include "options.hpp"

namespace hrn::cli {
namespace po = boost::program_options;

namespace {

constexpr std::string_view command_name = "flag";

constexpr std::string_view help_text =
    R"(Usage: hrn flag --node-id HEX --block-hash HEX --height N [--svg]

The node-id flag Alice shows beside her address, so that Bob can check, before
he pays, that his phone resolved the offer of the same node:

  digest  = SHA-256(node_id || block_hash)
  colours = the first 12 bytes of digest, as four RGB triples

node_id is the offer's 33-byte compressed key (offer_issuer_id, 66 hex digits);
block_hash is the block's hash as Bitcoin displays it (64 hex digits, decoded
as written). Each colour is also named after the nearest of 16 fixed colours,
so the flag can be read aloud. Show it with its height: a new block changes it.

Prints {"height": N, "colours": ["#rrggbb", ...4], "names": [...4]}, or with
--svg a picture of the four stripes with their names and the height (the same
picture the relay serves at /v1/flag.svg), to print or put beside the address.

Example:
  hrn flag --node-id 02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619 \
    --block-hash 000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f --height 0
)";

}  // namespace

int cmd_flag(int argc, char** argv) {
  po::options_description visible("Options");
  std::string node_id_hex, block_hash_hex;
  std::uint32_t height = 0;
  bool svg = false;
  visible.add_options()
      ("node-id", po::value(&node_id_hex)->value_name("HEX")->required(), "the 33-byte compressed node key")
      ("block-hash", po::value(&block_hash_hex)->value_name("HEX")->required(),
       "the block hash as Bitcoin displays it")
      ("height", po::value(&height)->value_name("N")->required(), "that block's height")
      ("svg", po::bool_switch(&svg), "print the flag as an SVG picture instead of JSON");
  po::positional_options_description none;
  auto parsed = parse_options(command_name, argc, argv, visible, none, help_text);
  if (auto* code = std::get_if<int>(&parsed)) return *code;
  auto node_id = from_hex(node_id_hex);
  if (!node_id) return fail(make_error(flag::errc::bad_node_id, "--node-id is not hex"));
  auto block_hash = from_hex(block_hash_hex);
  if (!block_hash) return fail(make_error(flag::errc::bad_block_hash, "--block-hash is not hex"));
  auto f = flag::make_flag(*node_id, *block_hash, height);
  if (!f) return fail(f.err());
  if (svg) {
    std::fputs(flag::to_svg(*f).c_str(), stdout);
    return exit_ok;
  }
  boost::json::array colours, names;
  for (std::size_t i = 0; i < 4; ++i) {
    colours.emplace_back(flag::to_hex(f->colours[i]));
    names.emplace_back(std::string(f->names[i]));
  }
  print_json(boost::json::object{{"height", f->height}, {"colours", std::move(colours)}, {"names", std::move(names)}});
  return exit_ok;
}

}  // namespace hrn::cli
