#pragma once
// Shared by the name tests: parse and expect success, or get the error code.

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "hrn/name/address.hpp"

namespace name_test {

inline hrn::name::address parse_ok(std::string_view input) {
  auto r = hrn::name::parse(input);
  INFO("input: " << std::string(input));
  if (!r) FAIL("rejected with " << r.err().code << ": " << r.err().message);
  return std::move(r).value();
}

// The error code, or "ok" when the input was accepted.
inline std::string code_of(std::string_view input) {
  auto r = hrn::name::parse(input);
  return r ? std::string("ok") : r.err().code;
}

inline std::string message_of(std::string_view input) {
  auto r = hrn::name::parse(input);
  return r ? std::string() : r.err().message;
}

inline std::string repeat(char c, std::size_t n) { return std::string(n, c); }

}  // namespace name_test
