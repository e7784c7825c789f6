// Fuzzes hrn::cache::decode_shared_entry: the bytes a relay reads back from
// Redis, which anyone with write access there can choose. Beyond "no crash,
// no UB, no huge allocation", an accepted entry must be canonical: encoding
// it gives back the same bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "hrn/cache/shared_entry.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const hrn::byte_view in(data, size);
  const auto decoded = hrn::cache::decode_shared_entry(in);
  if (!decoded) {
    require(!decoded.err().code.empty() && !decoded.err().message.empty());
    return 0;
  }
  require(decoded->stored_at <= decoded->expires_at && decoded->expires_at <= decoded->stale_until);
  require(decoded->chain.size() <= hrn::cache::shared_entry_max_chain);
  require(decoded->found || decoded->uri.empty());
  const auto again = hrn::cache::encode_shared_entry(*decoded);
  require(again.ok() && again->size() == size && std::equal(again->begin(), again->end(), data));
  return 0;
}
