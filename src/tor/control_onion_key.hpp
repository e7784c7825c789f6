#pragma once
// Private: the onion service key file (state_dir/onion_key). The key is the
// service's identity: whoever reads it can impersonate the address, so it is
// written 0600 and refused when others may read it; it is written atomically
// and never replaces an existing file, so a crash or a second relay on the
// same state directory can never leave a torn or swapped key.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::tor {

// The stored "ED25519-V3:<base64>" key; nullopt when the file does not exist.
// Error code onion_key_unusable (unreadable, malformed, or group/other access).
result<std::optional<std::string>> read_onion_key(const std::filesystem::path& file);

// Creates the file (and its directory, 0700) with `key` + "\n", mode 0600.
// Error code onion_key_unusable, also when the file already exists.
status write_onion_key(const std::filesystem::path& file, std::string_view key);

}  // namespace hrn::tor
