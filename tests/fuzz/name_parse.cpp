// Fuzzes hrn::name::parse with arbitrary bytes. Beyond "no crash, no UB", it
// checks the promises callers rely on: an accepted name fits 255 octets on
// the wire, is lower-case BOLT 12 characters only, and parses back to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "hrn/name/address.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

bool bolt12_name_chars(std::string_view s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
      return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto parsed = hrn::name::parse(input);
  if (!parsed) {
    require(!parsed.err().code.empty() && !parsed.err().message.empty());
    return 0;
  }
  const auto& a = *parsed;
  require(a.dns_name().size() + 1 <= hrn::name::max_wire_octets);
  require(bolt12_name_chars(a.user) && bolt12_name_chars(a.domain));
  require(a.short_code.size() <= hrn::name::max_short_code_chars);
  const std::string again = a.text() + (a.short_code.empty() ? "" : "#" + a.short_code);
  const auto reparsed = hrn::name::parse(again);
  require(reparsed.ok() && *reparsed == a);
  return 0;
}
