#include "trust.hpp"

#include <fstream>
#include <sstream>

#include "hrn/dns/errors.hpp"

namespace hrn::cli {

result<std::vector<dns::trust_anchor>> load_trust_anchors(const std::string& path) {
  if (path.empty()) return dns::builtin_root_anchors();
  std::ifstream in(path);
  if (!in) return make_error(dns::errc::bad_trust_anchor, "cannot read trust anchor file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return dns::parse_trust_anchors(text.str());
}

}  // namespace hrn::cli
