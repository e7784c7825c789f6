#pragma once
// Small helpers shared by the tor/ tests.

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>

#include <catch2/catch.hpp>

namespace hrn::tor::testing {

// A fresh private directory under the system's temp dir, named after `prefix`.
inline std::filesystem::path temp_dir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

// Every failure REP code a SOCKS5 proxy (tor included) may send, and the
// error code the client must map it to (RFC 1928 §6; torspec ExtendedErrors).
inline constexpr std::pair<std::uint8_t, const char*> failure_replies[] = {
    {0x01, "socks_general_failure"},       {0x02, "socks_not_allowed"},
    {0x03, "socks_network_unreachable"},   {0x04, "socks_host_unreachable"},
    {0x05, "socks_connection_refused"},    {0x06, "socks_ttl_expired"},
    {0x07, "socks_command_not_supported"}, {0x08, "socks_address_type_not_supported"},
    {0xF0, "onion_descriptor_not_found"},  {0xF1, "onion_descriptor_invalid"},
    {0xF2, "onion_intro_failed"},          {0xF3, "onion_rendezvous_failed"},
    {0xF4, "onion_missing_client_auth"},   {0xF5, "onion_wrong_client_auth"},
    {0xF6, "onion_bad_address"},           {0xF7, "onion_intro_timeout"},
};

}  // namespace hrn::tor::testing
