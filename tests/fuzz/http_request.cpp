// What a stranger can send the relay's HTTP API: bytes through the
// listener's own request parser (tests the limits: 64 header fields, 8 KiB
// of header, 64 KiB of body, chunked bodies refused after the header), fed
// in pieces as a socket delivers them; then every request the parser
// accepts goes through the router, as the listener would pass it: query
// strings, JSON bodies, names, batches, the status table, the answer views.
// The router sits on the real answer service and cache, with a dispatcher
// that answers from a fixed set instead of the network, so hits, misses,
// errors and stale answers all get rendered, and the wallets' DoH, JSON DoH
// and proof endpoints parse what they are sent and answer it.
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/buffers_prefix.hpp>

#include "../../src/api/request_parser.hpp"
#include "hrn/api/router.hpp"
#include "hrn/cache/store.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/wallet_dns.hpp"

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace hrn;

namespace {

// Answers by the first letter of the user: ok with an offer, not found, or
// an error whose code maps to a status.
struct canned_dispatcher final : resolve::lookup_dispatcher {
  asio::awaitable<result<resolve::bip353_resolution>> dispatch(name::address a) override {
    resolve::bip353_resolution r;
    r.ttl = 300;
    r.expires = 1'900'000'000;
    r.proof = bytes(64, 0x5a);
    switch (a.user.empty() ? 'x' : a.user[0] % 3) {
      case 0:
        r.found = true;
        r.instructions.emplace();
        // The BOLT 12 test vector "with description".
        r.instructions->offer_text = "lno1pgx9getnwss8vetrw3hhyuckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg";
        r.instructions->uri = "bitcoin:?lno=" + *r.instructions->offer_text;
        break;
      case 1:
        r.found = false;
        break;
      default:
        co_return make_error(dns::errc::dnssec_bogus, "canned failure");
    }
    co_return r;
  }
};

// Stands in for the validator behind the wallets' endpoints (/dns-query,
// /resolve, /dnssecproof): a TXT record at the name asked, signed by
// nothing, so every view of an answer gets rendered.
result<dns::validated_answer> canned_check(byte_view, const dns::name& qname, std::uint16_t qtype) {
  dns::validated_answer v;
  v.qname = v.final_name = qname;
  v.qtype = qtype;
  v.min_ttl = 300;
  dns::rr txt{qname, dns::rr_type::txt, dns::class_in, 300, {4, 'a', '"', '\\', 0xff}};
  v.records = {txt};
  v.proof = {txt};
  return v;
}

struct world {
  std::uint64_t now = 1'800'000'000;
  cache::store store{1 << 20};
  canned_dispatcher dispatcher;
  resolve::answer_service answers{store, dispatcher, resolve::service_options{}, [this] { return now; }};
  resolve::wallet_dns wallet{answers, canned_check, [this] { return now; }};
  api::router router{[this] {
    api::router_parts parts;
    parts.health = [] { return api::health_snapshot{}; };
    parts.answers = &answers;
    parts.unix_now = [this] { return now; };
    parts.wallet = &wallet;
    return parts;
  }()};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t header_limit = 8 * 1024;
  constexpr std::size_t body_limit = 64 * 1024;
  api::detail::request_parser parser(64);
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
    const auto used = parser.put(asio::buffer(data + offset, window - offset), ec);
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
  if (!parser.is_done()) return 0;
  assert(parser.body.size() <= body_limit);

  // One world per input: the router's state must not carry over.
  static std::optional<world> w;
  w.emplace();
  api::http_request request{parser.method, parser.target, parser.content_type, parser.body};
  request.client = "192.0.2.1";
  request.accept = parser.accept;
  asio::io_context io;
  std::optional<api::http_response> response;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        // Twice: the second time answers come from the cache.
        for (int round = 0; round < 2; ++round) {
          auto r = co_await w->router.handle(request);
          response.emplace(std::move(r));
          w->now += 400;  // past the TTL: the next round refreshes or serves stale
        }
      },
      asio::detached);
  io.run();
  assert(response);
  assert(response->status >= 200 && response->status < 600);
  assert(w->store.bytes() <= w->store.max_bytes());
  return 0;
}
