#pragma once
// One cache entry as several relays share it (in Redis): the validated chain
// beside the answer parsed from it, and the entry's times. Pure.
//
// Whatever reads it trusts none of it: the reader re-validates the chain
// and re-derives the answer, and refuses the entry when the stored answer
// differs from what the chain says (someone changed the offer) or the chain
// fails (a broken signature, a chain for another name). The stored answer
// is there so such tampering is seen and counted, not silently repaired.
// Lightning Address entries are not shared: nothing in a chain vouches for
// a payRequest.
//
// Format, version 1, integers big-endian:
//   version u8 = 1 | stored_at u64 | expires_at u64 | stale_until u64
//   | found u8 (0 or 1) | uri_len u16 | uri | chain_len u32 (<= 64 KiB) | chain

#include <cstdint>
#include <string>

#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::cache {

inline constexpr std::uint8_t shared_entry_version = 1;
inline constexpr std::size_t shared_entry_max_uri = 65535;
inline constexpr std::size_t shared_entry_max_chain = 64 * 1024;

struct shared_entry {
  std::uint64_t stored_at = 0;
  std::uint64_t expires_at = 0;
  std::uint64_t stale_until = 0;
  bool found = false;
  std::string uri;  // the bitcoin: URI when found, else ""
  bytes chain;

  friend bool operator==(const shared_entry&, const shared_entry&) = default;
};

// Error cache::errc::shared_entry_malformed when the entry cannot be written
// in this format (a field over its bound, times out of order).
result<bytes> encode_shared_entry(const shared_entry& e);
// Errors (cache errors.hpp): shared_entry_unsupported_version (written by
// another version of the relay), shared_entry_malformed (truncated, out of
// bounds, times out of order, trailing bytes). Allocates at most data.size().
result<shared_entry> decode_shared_entry(byte_view data);

}  // namespace hrn::cache
