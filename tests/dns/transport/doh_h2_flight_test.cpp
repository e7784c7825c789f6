// The HTTP/2 DoH client's writes, seen through a byte_stream that records
// them: the queries of a flight, started together, leave in ONE write with
// the connection preface; a query asked later is a write of its own.
#include <catch2/catch.hpp>

#include <map>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "doh_flight.hpp"
#include "hrn/dns/transport/doh_h2_client.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

// Records every write; has nothing to read until closed.
class recording_stream final : public hrn::dns::byte_stream {
 public:
  recording_stream(asio::io_context& io, std::vector<hrn::bytes>& writes) : idle_(io), writes_(writes) {}
  asio::awaitable<boost::system::error_code> read_exactly(asio::mutable_buffer) override {
    idle_.expires_after(1h);
    co_await idle_.async_wait(nothrow);
    co_return asio::error::operation_aborted;
  }
  asio::awaitable<std::pair<boost::system::error_code, std::size_t>> read_some(asio::mutable_buffer b) override {
    auto ec = co_await read_exactly(b);
    co_return std::pair{ec, std::size_t{0}};
  }
  asio::awaitable<boost::system::error_code> write_all(asio::const_buffer b) override {
    const auto* p = static_cast<const std::uint8_t*>(b.data());
    writes_.emplace_back(p, p + b.size());
    co_return boost::system::error_code{};
  }
  void close() override { idle_.cancel(); }

 private:
  asio::steady_timer idle_;
  std::vector<hrn::bytes>& writes_;
};

// HTTP/2 frames of one write by type (RFC 9113 §4.1), after the preface if
// the write starts with it.
std::map<int, int> frame_types(const hrn::bytes& w) {
  std::size_t at = 0;
  if (w.size() >= preface.size() && std::equal(preface.begin(), preface.end(), w.begin())) at = preface.size();
  std::map<int, int> count;
  while (at + 9 <= w.size()) {
    const std::size_t length = std::size_t{w[at]} << 16 | std::size_t{w[at + 1]} << 8 | w[at + 2];
    ++count[w[at + 3]];
    at += 9 + length;
  }
  REQUIRE(at == w.size());  // whole frames only
  return count;
}

constexpr int headers_frame = 1;
constexpr int data_frame = 0;

}  // namespace

TEST_CASE("h2: queries started together leave in one write with the preface; a later one in another") {
  asio::io_context io;
  std::vector<hrn::bytes> writes;
  auto client = hrn::dns::doh_h2_client::start(io.get_executor(), std::make_unique<recording_stream>(io, writes),
                                               "example.net", "/dns-query");
  bool done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    // Nobody answers: each exchange ends at its 50 ms deadline.
    auto first = test_support::flight(client, std::vector<std::uint8_t>{1, 2, 3}, 50ms);
    co_await std::move(first);
    REQUIRE(!writes.empty());
    const std::string_view start(reinterpret_cast<const char*>(writes[0].data()),
                                 std::min(writes[0].size(), preface.size()));
    CHECK(start == preface);
    CHECK(frame_types(writes[0])[headers_frame] == 3);
    CHECK(frame_types(writes[0])[data_frame] == 3);
    const auto before = writes.size();
    auto later = test_support::flight(client, std::vector<std::uint8_t>{4}, 50ms);
    co_await std::move(later);
    REQUIRE(writes.size() > before);
    CHECK(frame_types(writes[before])[headers_frame] == 1);
    client->close();
    done = true;
  }, asio::detached);
  io.run_for(5s);
  CHECK(done);
}
