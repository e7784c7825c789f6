#pragma once
// bitcoind's JSON-RPC as the block source speaks it: two batch calls per
// poll (JSON-RPC 1.0 objects in one array, which bitcoind answers in one
// array), and the credentials of its cookie or password file. Pure: bytes
// in, values or errors out.
//
//   1. [getblockcount (id 0), getbestblockhash (id 1)]   the tip: height and hash
//   2. [getblockhash H (id 0), getblockhash H-1 (id 1), …] the last few hashes
//
// The poll then checks that the hash at H is the best hash of call 1; when
// a block arrived between the calls it is not, and the poll asks again.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hrn/blocks/block_ref.hpp"
#include "hrn/util/result.hpp"

namespace hrn::blocks {

std::string tip_batch_request();
// Error bad_reply, bad_height, bad_block_hash, rpc_error (bitcoind's own
// code and message, cleaned to printable ASCII), reply_too_large.
result<block_ref> parse_tip_batch(std::string_view body);

// getblockhash for height, height-1, … (count calls, count <= height + 1).
std::string hashes_batch_request(std::uint32_t height, std::size_t count);
// The blocks newest first. Same errors as parse_tip_batch.
result<std::vector<block_ref>> parse_hashes_batch(std::string_view body, std::uint32_t height,
                                                   std::size_t count);

struct rpc_credentials {
  std::string user;
  std::string password;
};

// bitcoind's .cookie: "USER:PASSWORD" (bitcoind writes "__cookie__:<64 hex>"),
// a trailing newline allowed. Error bad_rpc_credentials; the message never
// quotes the file's contents.
result<rpc_credentials> parse_rpc_cookie(std::string_view file_text);
// A --blocks-rpc-password-file: its first line. Error bad_rpc_credentials.
result<std::string> parse_password_file(std::string_view file_text);
// The Authorization header value: "Basic " + base64(user:password) (RFC 7617).
std::string basic_authorization(const rpc_credentials& credentials);

}  // namespace hrn::blocks
