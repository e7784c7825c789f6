#pragma once
// Stable error codes of the block source (hrn/blocks): the --blocks option,
// the parsers of what an Esplora server or bitcoind answers, and the polls.
// Control flow compares only these; /healthz shows the reason built from
// them. Never rename one.

#include <string_view>

namespace hrn::blocks::errc {

// --blocks SPEC is not esplora:https://HOST[:PORT]/PATH, esplora:http://X.onion/PATH
// or bitcoind:http://LOOPBACK-IP[:PORT].
inline constexpr std::string_view bad_block_source = "bad_block_source";
// A height that is not a plain non-negative integer below max_sane_height.
inline constexpr std::string_view bad_height = "bad_height";
// A block hash that is not 64 hex digits.
inline constexpr std::string_view bad_block_hash = "bad_block_hash";
// Bytes that are not the JSON (or text) shape the API promises.
inline constexpr std::string_view bad_reply = "bad_reply";
// Well-formed values that contradict each other: heights not consecutive,
// a block whose previous hash is not the next one's, the tip hash not the
// hash at the tip height.
inline constexpr std::string_view inconsistent_chain = "inconsistent_chain";
// A reply body over the size cap (cut before it is parsed).
inline constexpr std::string_view reply_too_large = "reply_too_large";
// The server answered with an HTTP status other than 200.
inline constexpr std::string_view http_status = "http_status";
// bitcoind answered the call with a JSON-RPC error object.
inline constexpr std::string_view rpc_error = "rpc_error";
// bitcoind refused the credentials (HTTP 401/403).
inline constexpr std::string_view rpc_auth_failed = "rpc_auth_failed";
// The cookie or password file is missing, unreadable or malformed.
inline constexpr std::string_view bad_rpc_credentials = "bad_rpc_credentials";
// The connection failed or closed mid-reply (not a timeout).
inline constexpr std::string_view source_unreachable = "source_unreachable";
// No complete answer before the poll's deadline.
inline constexpr std::string_view source_timeout = "source_timeout";

}  // namespace hrn::blocks::errc
