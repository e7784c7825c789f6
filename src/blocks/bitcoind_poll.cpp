#include <fstream>
#include <iterator>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/blocks/errors.hpp"
#include "hrn/blocks/rpc_wire.hpp"
#include "hrn/dns/transport/deadline.hpp"
#include "polls.hpp"

namespace hrn::blocks::detail {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

result<std::string> read_small_file(const std::string& path, std::string_view option) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(errc::bad_rpc_credentials, "cannot read " + std::string(option) + " " + path);
  std::string text;
  // One byte over the parsers' 1 KiB cap is enough for them to refuse it.
  text.resize(1025);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

result<std::string> authorization_of(const rpc_auth_files& auth) {
  rpc_credentials credentials;
  if (!auth.cookie_file.empty()) {
    auto text = read_small_file(auth.cookie_file, "--blocks-rpc-cookie");
    if (!text) return std::move(text).err();
    auto parsed = parse_rpc_cookie(*text);
    if (!parsed) return make_error(parsed.err().code, "--blocks-rpc-cookie " + auth.cookie_file + ": " + parsed.err().message);
    credentials = std::move(*parsed);
  } else {
    auto text = read_small_file(auth.password_file, "--blocks-rpc-password-file");
    if (!text) return std::move(text).err();
    auto password = parse_password_file(*text);
    if (!password)
      return make_error(password.err().code, "--blocks-rpc-password-file " + auth.password_file + ": " +
                                                 password.err().message);
    credentials = {auth.user, std::move(*password)};
  }
  return basic_authorization(credentials);
}

// One JSON-RPC POST on a fresh loopback connection; the reply's body when
// bitcoind answered 200.
asio::awaitable<result<std::string>> rpc_post(asio::any_io_executor executor, source_spec spec,
                                              std::string authorization, std::string body,
                                              std::chrono::milliseconds timeout) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(spec.host, ec);
  if (ec) co_return make_error(errc::bad_block_source, "bitcoind's host must be an IP address");
  tcp::socket socket(executor);
  auto connect = socket.async_connect(tcp::endpoint(address, spec.port), asio::as_tuple(asio::use_awaitable));
  auto connected = co_await dns::with_deadline(std::move(connect), timeout);
  if (!connected) co_return make_error(errc::source_timeout, "connecting to bitcoind's RPC timed out");
  if (auto [cec] = *connected; cec)
    co_return make_error(errc::source_unreachable, "cannot connect to bitcoind's RPC: " + cec.message());
  tor::http_call call;
  call.post = true;
  call.host = tor::host_header(spec.host, spec.port, 80);
  call.target = spec.path.empty() ? "/" : spec.path;
  call.body = std::move(body);
  call.authorization = std::move(authorization);
  auto op = source_exchange(socket, std::move(call));
  auto reply = co_await std::move(op);
  if (!reply) co_return std::move(reply).err();
  if (reply->status == 401 || reply->status == 403)
    co_return make_error(errc::rpc_auth_failed,
                         "bitcoind refused the RPC credentials (HTTP " + std::to_string(reply->status) +
                             "); check --blocks-rpc-cookie (bitcoind writes a new one at each start) or "
                             "--blocks-rpc-user and --blocks-rpc-password-file");
  if (reply->status != 200)
    co_return make_error(errc::http_status, "bitcoind's RPC answered HTTP " + std::to_string(reply->status));
  co_return std::move(reply->body);
}

}  // namespace

asio::awaitable<result<std::vector<block_ref>>> poll_bitcoind(asio::any_io_executor executor, source_spec spec,
                                                              rpc_auth_files auth,
                                                              std::chrono::milliseconds step_timeout) {
  auto authorization = authorization_of(auth);
  if (!authorization) co_return std::move(authorization).err();
  // A block may arrive between the two calls; then the hash at the height
  // of call 1 is no longer the best hash, and one more try settles it.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto tip_op = rpc_post(executor, spec, *authorization, tip_batch_request(), step_timeout);
    auto tip_body = co_await std::move(tip_op);
    if (!tip_body) co_return std::move(tip_body).err();
    auto tip = parse_tip_batch(*tip_body);
    if (!tip) co_return std::move(tip).err();
    const auto count = std::min<std::size_t>(hashes_kept, std::size_t{tip->height} + 1);
    auto hashes_op = rpc_post(executor, spec, *authorization, hashes_batch_request(tip->height, count), step_timeout);
    auto hashes_body = co_await std::move(hashes_op);
    if (!hashes_body) co_return std::move(hashes_body).err();
    auto blocks = parse_hashes_batch(*hashes_body, tip->height, count);
    if (!blocks) co_return std::move(blocks).err();
    if (blocks->front().hash == tip->hash) co_return std::move(*blocks);
  }
  co_return make_error(errc::inconsistent_chain,
                       "bitcoind's hash at its tip height differs from its best block hash, twice");
}

}  // namespace hrn::blocks::detail
