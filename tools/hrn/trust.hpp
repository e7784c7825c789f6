#pragma once
#include <string>
#include <vector>

#include "hrn/dns/trust_anchor.hpp"
#include "hrn/util/result.hpp"

namespace hrn::cli {

// The built-in IANA root anchors, or the DS records in `path` (which replace them).
result<std::vector<dns::trust_anchor>> load_trust_anchors(const std::string& path);

}  // namespace hrn::cli
