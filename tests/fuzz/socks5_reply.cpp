// Fuzzes the SOCKS5 reply parsers (hrn::tor::socks5) with arbitrary proxy
// bytes. Beyond "no crash, no UB", it checks what socks5_connect relies on:
// fed the way the I/O loop feeds it (exactly the octets it asks for), a parser
// reaches the same decision as on the whole input; it never asks for more than
// a reply can hold; and a parsed CONNECT reply re-encodes to its own bytes.
// The first input byte (mod 5) picks: 0/1 the method reply without/with
// credentials offered, 2 the RFC 1929 reply, 3 the CONNECT reply, 4 a host
// name round-tripped through make_endpoint and build_connect_request.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <variant>

#include "hrn/tor/socks5_wire.hpp"

namespace {

namespace socks5 = hrn::tor::socks5;

void require(bool ok) {
  if (!ok) std::abort();
}

// The longest reply: VER REP RSV ATYP, a 255-octet name with its length, PORT.
constexpr std::size_t max_reply = 4 + 1 + 255 + 2;

template <class T>
bool same(const socks5::parse_step<T>& a, const socks5::parse_step<T>& b) {
  if (a.index() != b.index()) return false;
  if (const auto* e = std::get_if<hrn::error>(&a)) return *e == std::get<hrn::error>(b);
  if (const auto* v = std::get_if<T>(&a)) {
    if constexpr (std::is_same_v<T, socks5::connect_reply>) {
      const auto& w = std::get<T>(b);
      return v->bound == w.bound && v->size == w.size;
    } else {
      return *v == std::get<T>(b);
    }
  }
  return true;  // both need_more
}

// Drives `parse` like socks5_connect does and checks it against one call on
// all of `data`; returns the decision on all of `data`.
template <class T, class Parse>
socks5::parse_step<T> check_incremental(hrn::byte_view data, Parse parse) {
  const auto whole = parse(data);
  if (const auto* e = std::get_if<hrn::error>(&whole))
    require(!e->code.empty() && !e->message.empty());
  std::size_t have = 0;
  for (;;) {
    const auto step = parse(data.first(have));
    const auto* more = std::get_if<socks5::need_more>(&step);
    if (!more) {
      require(same(step, whole));
      return whole;
    }
    require(more->octets > 0);
    require(have + more->octets <= max_reply);
    if (have + more->octets > data.size()) {
      require(std::holds_alternative<socks5::need_more>(whole));
      return whole;
    }
    have += more->octets;
  }
}

void round_trip_reply(hrn::byte_view data, const socks5::connect_reply& reply) {
  require(reply.size <= data.size() && reply.size <= max_reply);
  // A reply has a request's layout with REP where CMD is (RFC 1928 §4, §6).
  auto again = socks5::build_connect_request(reply.bound);
  require(again.size() == reply.size);
  again[1] = 0x00;
  for (std::size_t i = 0; i < again.size(); ++i) require(again[i] == data[i]);
}

void round_trip_host(hrn::byte_view data) {
  const std::string host(data.begin(), data.end());
  const auto endpoint = socks5::make_endpoint(host, 443);
  if (!endpoint) {
    require(endpoint.err().code == "socks_bad_target");
    return;
  }
  auto request = socks5::build_connect_request(*endpoint);
  request[1] = 0x00;  // read it back as a successful reply
  const auto parsed = socks5::parse_connect_reply(request);
  const auto* reply = std::get_if<socks5::connect_reply>(&parsed);
  require(reply != nullptr && reply->size == request.size() && reply->bound == *endpoint);
  // A name goes out as the very octets it was given.
  if (const auto* name = std::get_if<std::string>(&endpoint->addr)) require(*name == host);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const hrn::byte_view input(data + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
    case 1: {
      const bool offered = data[0] % 5 == 1;
      const auto r = check_incremental<std::uint8_t>(
          input, [offered](hrn::byte_view d) { return socks5::parse_method_reply(d, offered); });
      if (const auto* m = std::get_if<std::uint8_t>(&r))
        require(*m == (offered ? socks5::method_username_password : socks5::method_no_auth));
      break;
    }
    case 2:
      (void)check_incremental<hrn::unit>(
          input, [](hrn::byte_view d) { return socks5::parse_auth_reply(d); });
      break;
    case 3: {
      const auto r = check_incremental<socks5::connect_reply>(
          input, [](hrn::byte_view d) { return socks5::parse_connect_reply(d); });
      if (const auto* reply = std::get_if<socks5::connect_reply>(&r))
        round_trip_reply(input, *reply);
      break;
    }
    default:
      round_trip_host(input);
      break;
  }
  return 0;
}
