// The relay's HTTP request parsing: Beast's parser with the limits the
// relay's listener sets (8 KiB of headers, 64 KiB of body), fed in pieces
// as a socket would deliver them, and like the listener it stops after the
// header of a chunked request (Boost 1.81's chunk parser asserts on some
// malformed chunk sequences, which this target found). A parsed request
// must respect the limits.
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t header_limit = 8 * 1024;
  constexpr std::size_t body_limit = 64 * 1024;
  http::request_parser<http::string_body> parser;
  parser.header_limit(header_limit);
  parser.body_limit(body_limit);
  // Like async_read_header: stop after the header, look, then read the body.
  parser.eager(false);
  // Feed in pieces whose size depends on the input, so splits fall inside
  // tokens, as they do when bytes arrive from a socket.
  const std::size_t piece = 1 + size % 61;
  std::size_t offset = 0, window = 0;
  boost::beast::error_code ec;
  while (offset < size && !parser.is_done()) {
    window = std::min(size, std::max(window, offset) + piece);
    const auto used = parser.put(boost::asio::buffer(data + offset, window - offset), ec);
    if (ec == http::error::need_more) {
      ec = {};
      if (window == size) break;
      continue;
    }
    if (ec) return 0;
    offset += used;
    if (parser.is_header_done()) {
      if (parser.chunked()) return 0;  // the listener answers 411 here
      parser.eager(true);
    }
    if (used == 0 && window == size) break;
  }
  if (parser.is_done()) {
    const auto& request = parser.get();
    assert(request.body().size() <= body_limit);
    (void)request.target();
    (void)request.method_string();
    (void)request.keep_alive();
  }
  return 0;
}
