#pragma once
// Helpers shared by the dns tests.

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "hrn/dns/name.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/dns/trust_anchor.hpp"
#include "hrn/util/bytes.hpp"

namespace dns_test {

inline std::string read_text(const std::string& rel) {
  std::ifstream f(std::string(HRN_TEST_DATA_DIR) + "/" + rel, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

inline hrn::bytes read_hex(const std::string& rel) { return hrn::from_hex_lenient(read_text(rel)).value(); }

inline hrn::bytes read_bin(const std::string& rel) {
  std::string s = read_text(rel);
  return hrn::bytes(s.begin(), s.end());
}

inline hrn::dns::name N(const std::string& text) { return hrn::dns::name::from_text(text).value(); }

inline hrn::dns::trust_anchor rfc9102_test_anchor() {
  return {hrn::dns::name{},
          {47005, 13, 2, hrn::from_hex("2EB6E9F2480126691594D649A5A613DE3052E37861634641BB568746F2FFC4D4").value()}};
}

}  // namespace dns_test
