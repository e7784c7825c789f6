#pragma once
// One poll of each kind of source: connect, ask, check, return the newest
// blocks (newest first). The block source runs them under one deadline per
// poll; each step here has its own timeout too. Not a public header.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include "hrn/blocks/block_ref.hpp"
#include "hrn/blocks/source_spec.hpp"
#include "hrn/tor/http_exchange.hpp"
#include "hrn/util/host_port.hpp"
#include "hrn/util/result.hpp"

namespace hrn::blocks::detail {

// Esplora's GET PATH/blocks through tor's SOCKS port `socks`, with fresh
// isolation credentials (a circuit of its own, like a lookup), the host sent
// as a name; TLS verified with `tls` unless the spec is http to an onion.
// Without `socks` (--direct) the host must be an IP literal, reached directly.
boost::asio::awaitable<result<std::vector<block_ref>>> poll_esplora(
    boost::asio::any_io_executor executor, source_spec spec, std::optional<host_port> socks,
    std::shared_ptr<boost::asio::ssl::context> tls, std::chrono::milliseconds step_timeout);

// A request to a block source: the shared HTTP exchange, its body capped at
// max_reply_bytes, its failures said in this module's codes
// (reply_too_large, source_unreachable).
template <class Stream>
boost::asio::awaitable<result<tor::http_reply>> source_exchange(Stream& stream, tor::http_call call);

struct rpc_auth_files {
  std::string cookie_file;    // bitcoind's .cookie, or ""
  std::string user;           // with password_file, when there is no cookie
  std::string password_file;
};

// bitcoind's JSON-RPC, directly over loopback TCP. The credential files are
// read at every poll: bitcoind writes a new cookie at each start, and a
// file of a few dozen bytes once a poll costs nothing.
boost::asio::awaitable<result<std::vector<block_ref>>> poll_bitcoind(
    boost::asio::any_io_executor executor, source_spec spec, rpc_auth_files auth,
    std::chrono::milliseconds step_timeout);

}  // namespace hrn::blocks::detail
