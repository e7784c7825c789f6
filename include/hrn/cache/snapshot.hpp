#pragma once
// The store's snapshot: written at shutdown, read at start, so a restart
// does not turn every popular name into a cold lookup.
//
// Only the proofs are kept, never the parsed answers: the loader re-validates
// each chain and re-derives the URI and offer from it, so a snapshot someone
// tampered with can at worst hold a chain that fails validation, never inject
// an answer. The checksum catches truncation and corruption; it is not a
// MAC (whoever can write the file can recompute it) and need not be one.
//
// Format, version 1, integers big-endian:
//   magic "HRNCACHE" (8) | version u16 | reserved u16 = 0 | count u32
//   count records:
//     key_len u8 (1..255) | key | stored_at u64 | expires_at u64 | stale_until u64
//     | found u8 (0 or 1) | chain_len u32 (<= 65536) | chain
//   SHA-256 of every byte before it (32)

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hrn/cache/store.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::cache {

inline constexpr std::uint16_t snapshot_version = 1;
inline constexpr std::size_t snapshot_max_key = 255;          // a DNS name's wire limit
inline constexpr std::size_t snapshot_max_chain = 64 * 1024;  // an RFC 9102 chain fits a DNS message

struct snapshot_record {
  std::string key;
  std::uint64_t stored_at = 0;
  std::uint64_t expires_at = 0;
  std::uint64_t stale_until = 0;
  bool found = false;
  bytes chain;

  friend bool operator==(const snapshot_record&, const snapshot_record&) = default;
};

// Every entry still servable at `now`, but Lightning Address (lnurl)
// entries: nothing in a chain could re-validate them at load. Entries the format cannot hold (an
// empty key or one over 255 bytes, a chain over 64 KiB) are skipped: the
// relay never stores such entries, and a snapshot is only a warm start.
bytes encode_snapshot(const store& s, std::uint64_t now);
bytes encode_snapshot(const std::vector<snapshot_record>& records);

// The records of a snapshot, or an error (errors.hpp) saying what is wrong:
// truncated, wrong magic or version, checksum mismatch, a field out of its
// bounds. Never allocates more than a small multiple of data.size().
result<std::vector<snapshot_record>> decode_snapshot(byte_view data);

}  // namespace hrn::cache
