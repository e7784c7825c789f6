#pragma once
// "<prefix><i><suffix>": test names like "user7@example.com", built by
// appending: g++ 12 warns falsely (-Wrestrict) about "literal" + std::string
// temporaries.

#include <string>

namespace test_support {

inline std::string numbered(const char* prefix, int i, const char* suffix) {
  std::string s(prefix);
  s += std::to_string(i);
  s += suffix;
  return s;
}

}  // namespace test_support
