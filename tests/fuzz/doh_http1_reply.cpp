// What a DoH server can send the HTTP/1.1 client (hrn::dns::doh_client):
// the input is the server's side of one keep-alive connection, fed in
// chunks whose size the first input octet picks, then end of file; two
// exchanges take their turns on it. Beyond "no crash, no leak, no ASan
// report": both exchanges end (end of file must end them, long before the
// 60 s deadline, which the per-input time limit would report as a hang); an
// answer is a DNS-message-sized body; a failure is upstream_error with a
// message.
#include <cstddef>
#include <cstdint>
#include <memory>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "hrn/dns/transport/doh_client.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "doh_exchanges.hpp"
#include "scripted_stream.hpp"

namespace asio = boost::asio;

using fuzz_support::ask;
using fuzz_support::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = std::size_t{data[0]} * 16 + 1;
  asio::io_context io;
  auto stream = std::make_unique<fuzz_support::scripted_stream>(io.get_executor(), data + 1, size - 1, chunk);
  auto client = std::make_shared<hrn::dns::doh_client>(std::move(stream), "example.net", "/dns-query");
  int ended = 0;
  for (std::uint8_t marker = 1; marker <= 2; ++marker)
    asio::co_spawn(io, ask(client, marker, &ended), asio::detached);
  io.run();
  require(ended == 2);
  return 0;
}
