// Fuzzes hrn::cache::decode_snapshot. Beyond "no crash, no UB, no huge
// allocation", it checks that an accepted snapshot is canonical: encoding
// its records gives back the same bytes.
//
// Each input is decoded twice: as it is (the header and checksum paths) and
// with its last 32 bytes replaced by the SHA-256 of the rest, so that
// mutations inside the records get past the checksum and reach the field
// checks behind it; a valid snapshot is unchanged by that resealing.
#include <openssl/evp.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "hrn/cache/snapshot.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

void check(hrn::byte_view data) {
  const auto decoded = hrn::cache::decode_snapshot(data);
  if (!decoded) {
    require(!decoded.err().code.empty() && !decoded.err().message.empty());
    return;
  }
  for (const auto& r : *decoded)
    require(!r.key.empty() && r.key.size() <= hrn::cache::snapshot_max_key &&
            r.chain.size() <= hrn::cache::snapshot_max_chain && r.stored_at <= r.expires_at &&
            r.expires_at <= r.stale_until);
  const hrn::bytes again = hrn::cache::encode_snapshot(*decoded);
  require(hrn::byte_view(again).size() == data.size() &&
          std::equal(again.begin(), again.end(), data.begin()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check(hrn::byte_view(data, size));
  if (size < 32) return 0;
  std::vector<std::uint8_t> resealed(data, data + size);
  unsigned int len = 0;
  require(EVP_Digest(resealed.data(), size - 32, resealed.data() + size - 32, &len, EVP_sha256(), nullptr) == 1);
  check(resealed);
  return 0;
}
