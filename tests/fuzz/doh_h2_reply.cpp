// What a DoH server can send the HTTP/2 client (hrn::dns::doh_h2_client):
// the input is everything the server says after the client's preface and
// its three requests (streams 1, 3 and 5), fed in chunks whose size the
// first input octet picks, then end of file. One io_context runs until all
// three exchanges ended. Beyond "no crash, no leak, no ASan report": every
// exchange ends (end of file must fail what is still waiting, long before
// the 60 s deadline, which the per-input time limit would report as a hang);
// an answer is a DNS-message-sized body; a failure is upstream_error with a
// message.
#include <cstddef>
#include <cstdint>
#include <memory>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "hrn/dns/transport/doh_client.hpp"
#include "hrn/dns/transport/doh_h2_client.hpp"
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
  auto client = hrn::dns::doh_h2_client::start(io.get_executor(), std::move(stream), "example.net", "/dns-query");
  int ended = 0;
  for (std::uint8_t marker = 1; marker <= 3; ++marker)
    asio::co_spawn(io, ask(client, marker, &ended), asio::detached);
  io.run();
  require(ended == 3);
  require(!client->is_open());  // end of file ends the connection
  return 0;
}
