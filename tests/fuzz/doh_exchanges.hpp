#pragma once
// What both DoH reply fuzzers check of each exchange they start: it ends
// (with an answer of a DNS message's size, or upstream_error with a message),
// and they count the ends. Header-only, for the fuzz targets.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include <boost/asio/awaitable.hpp>

#include "hrn/dns/transport/doh_client.hpp"
#include "hrn/dns/transport/errors.hpp"

namespace fuzz_support {

inline void require(bool ok) {
  if (!ok) std::abort();
}

// One exchange of a small query marked with `marker`, on `client` (either
// DoH client), under a 60 s deadline the per-input time limit never lets pass.
template <class Client>
boost::asio::awaitable<void> ask(std::shared_ptr<Client> client, std::uint8_t marker, int* ended) {
  hrn::bytes query(17, 0);
  query[2] = 0x01;
  query[12] = marker;
  auto exchange = client->exchange(query, std::chrono::seconds(60));
  auto r = co_await std::move(exchange);
  if (r) {
    require(r->size() >= 12 && r->size() <= hrn::dns::max_doh_message);
  } else {
    require(r.err().code == hrn::dns::transport::errc::upstream_error);
    require(!r.err().message.empty());
  }
  ++*ended;
}

}  // namespace fuzz_support
