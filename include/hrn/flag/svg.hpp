#pragma once
// The flag as a small SVG picture: four vertical stripes in the flag's
// colours, the colour names under them and the block height, so a screenshot
// or a print carries everything needed to compare it. Pure.

#include <string>

#include "hrn/flag/flag.hpp"

namespace hrn::flag {

// A standalone SVG document (UTF-8, no external references). Only the
// flag's own values appear in it: hex colours, palette names, the height.
std::string to_svg(const node_flag& f);

}  // namespace hrn::flag
