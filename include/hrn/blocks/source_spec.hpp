#pragma once
// Where the relay learns the chain tip (--blocks SPEC). Pure parsing: the
// host is kept as written, never resolved here.
//
//   esplora:https://HOST[:PORT][/PATH]   an Esplora REST API, reached through
//                                        Tor (SOCKS5 CONNECT with the name)
//   esplora:http://X.onion[:PORT][/PATH] plain HTTP only to an onion service,
//                                        where Tor itself authenticates and
//                                        encrypts the stream
//   bitcoind:http://IP[:PORT][/PATH]     bitcoind's JSON-RPC; IP must be a
//                                        loopback literal (see parse_source_spec)

#include <cstdint>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::blocks {

enum class source_kind { esplora, bitcoind };

struct source_spec {
  source_kind kind = source_kind::esplora;
  bool tls = true;        // https (esplora on a clear-net host)
  std::string host;       // name, IPv4 literal, or IPv6 literal without brackets
  std::uint16_t port = 0;
  std::string path;       // "" or "/api" (no trailing slash); requests append "/blocks"
  friend bool operator==(const source_spec&, const source_spec&) = default;
};

// "esplora" or "bitcoind", for /healthz and logs.
std::string_view kind_name(source_kind kind);

// Error code bad_block_source, with a message naming the accepted forms or
// the rule broken. bitcoind's RPC is a local service reached directly (not
// through Tor, which would carry the RPC password to an exit): its host must
// be a loopback IP literal (127.0.0.0/8 or ::1), so the password can never
// leave the machine and no name needs resolving.
result<source_spec> parse_source_spec(std::string_view spec);

}  // namespace hrn::blocks
