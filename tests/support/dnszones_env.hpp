#pragma once
// For tests run by ctest with the dnszones fixture: its env file
// (HRN_DNSZONES_ENV, KEY=VALUE lines) and the files it names.

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

namespace test_support {

inline std::map<std::string, std::string> dnszones_env() {
  const char* path = std::getenv("HRN_DNSZONES_ENV");
  if (path == nullptr || *path == '\0')
    FAIL("HRN_DNSZONES_ENV is not set: run this through ctest (fixture dnszones)");
  std::ifstream in(path);
  if (!in) FAIL("cannot read " << path << " (is the dnszones fixture running?)");
  std::map<std::string, std::string> kv;
  for (std::string line; std::getline(in, line);)
    if (auto eq = line.find('='); eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
  return kv;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) FAIL("cannot read " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace test_support
