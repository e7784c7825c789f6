#pragma once
// Stable error codes of the cache module. They reach logs and the CLI as
// `error.code`, so other programs may match on them: never rename one.
// Control flow compares against these constants, never string literals.

#include <string_view>

namespace hrn::cache::errc {

// The snapshot ends before a field it declares (a cut-off write, a short read).
inline constexpr std::string_view snapshot_truncated = "snapshot_truncated";
// The file does not start with the snapshot magic: not a snapshot at all.
inline constexpr std::string_view snapshot_bad_magic = "snapshot_bad_magic";
// A snapshot written by a format version this build does not read.
inline constexpr std::string_view snapshot_unsupported_version = "snapshot_unsupported_version";
// The checksum does not match the bytes: corruption on disk or in transit.
inline constexpr std::string_view snapshot_corrupt = "snapshot_corrupt";
// Checksum fine but a field is out of its bounds (a length, a flag, times out
// of order, trailing bytes): written by something that is not this encoder.
inline constexpr std::string_view snapshot_malformed = "snapshot_malformed";

// A shared entry (read from Redis) written by another format version: other
// relays of a mixed-version fleet; the entry is looked up again.
inline constexpr std::string_view shared_entry_unsupported_version = "shared_entry_unsupported_version";
// A shared entry whose bytes are not a well-formed entry.
inline constexpr std::string_view shared_entry_malformed = "shared_entry_malformed";

}  // namespace hrn::cache::errc
