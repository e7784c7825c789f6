#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "hrn/blocks/errors.hpp"
#include "hrn/tor/errors.hpp"
#include "polls.hpp"

namespace hrn::blocks::detail {
namespace asio = boost::asio;

template <class Stream>
asio::awaitable<result<tor::http_reply>> source_exchange(Stream& stream, tor::http_call call) {
  call.max_body = max_reply_bytes;
  auto op = tor::http_exchange(stream, std::move(call));
  auto reply = co_await std::move(op);
  if (reply) co_return reply;
  const auto& e = reply.err();
  co_return make_error(e.code == tor::errc::http_reply_too_large ? errc::reply_too_large : errc::source_unreachable,
                       e.message);
}

template asio::awaitable<result<tor::http_reply>> source_exchange(asio::ip::tcp::socket&, tor::http_call);
template asio::awaitable<result<tor::http_reply>> source_exchange(asio::ssl::stream<asio::ip::tcp::socket>&,
                                                                  tor::http_call);

}  // namespace hrn::blocks::detail
