// The listener on a real io_context and loopback sockets, with limits small
// enough to hit in milliseconds: connection caps, header field count,
// deadlines, what a handler learns about its client.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "hrn/api/http_server.hpp"

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using hrn::api::http_server;
using hrn::api::listener_kind;

namespace {

struct seen_request {
  std::string target, client;
  bool via_onion = false;
};

// A server running on its own thread; the test thread plays the clients.
class running_server {
 public:
  explicit running_server(hrn::api::http_server_limits limits) {
    server_ = std::make_unique<http_server>(
        io_,
        [this](hrn::api::http_request r) -> asio::awaitable<hrn::api::http_response> {
          {
            std::lock_guard lock(mutex_);
            last_ = {r.target, r.client, r.via_onion};
          }
          hrn::api::http_response out;
          out.body = "{}";
          co_return out;
        },
        limits);
    port = server_->listen({"127.0.0.1", 0});
    onion_port = server_->listen({"127.0.0.1", 0}, listener_kind::onion);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~running_server() {
    asio::post(io_, [this] { server_->stop(); });
    std::this_thread::sleep_for(50ms);
    io_.stop();
    thread_.join();
  }
  void stop() { asio::post(io_, [this] { server_->stop(); }); }
  hrn::api::http_server_stats stats() const { return server_->stats(); }
  seen_request last() {
    std::lock_guard lock(mutex_);
    return last_;
  }

  std::uint16_t port = 0, onion_port = 0;

 private:
  asio::io_context io_;
  std::unique_ptr<http_server> server_;
  std::thread thread_;
  std::mutex mutex_;
  seen_request last_;
};

asio::io_context client_io;

// A blocking client socket from `source`, whose reads give up after 3 s so a
// broken server fails the test instead of hanging it.
tcp::socket connect(std::uint16_t port, const char* source = "127.0.0.1") {
  tcp::socket s(client_io);
  s.open(tcp::v4());
  s.bind({asio::ip::make_address(source), 0});
  s.connect({asio::ip::make_address("127.0.0.1"), port});
  timeval tv{3, 0};
  setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return s;
}

void send(tcp::socket& s, const std::string& bytes) { asio::write(s, asio::buffer(bytes)); }

http::response<http::string_body> receive(tcp::socket& s) {
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(s, buffer, res);
  return res;
}

http::response<http::string_body> get(tcp::socket& s, const std::string& target = "/healthz") {
  send(s, "GET " + target + " HTTP/1.1\r\nHost: relay\r\n\r\n");
  return receive(s);
}

// True when the server closes the connection (EOF or reset) before the
// socket's 3 s read timeout.
bool closed_by_server(tcp::socket& s) {
  char c;
  boost::system::error_code ec;
  s.read_some(asio::buffer(&c, 1), ec);
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

hrn::api::http_server_limits small_limits() {
  hrn::api::http_server_limits l;
  l.request_timeout = 400ms;
  l.idle_timeout = 400ms;
  l.write_timeout = 1s;
  l.max_connection_lifetime = 30s;
  l.max_connections = 8;
  l.max_connections_per_address = 4;
  l.max_header_fields = 16;
  return l;
}

}  // namespace

TEST_CASE("http server: the handler learns the client key and the listener kind") {
  running_server server(small_limits());
  auto clear = connect(server.port, "127.0.0.3");
  CHECK(get(clear, "/a").result_int() == 200);
  CHECK(server.last().client == "127.0.0.3");
  CHECK_FALSE(server.last().via_onion);

  auto onion = connect(server.onion_port);
  CHECK(get(onion, "/b").result_int() == 200);
  CHECK(server.last().client == "onion");
  CHECK(server.last().via_onion);

  const auto stats = server.stats();
  CHECK(stats.requests_clear == 1);
  CHECK(stats.requests_onion == 1);
  CHECK(stats.accepted == 2);
  CHECK(stats.open_connections == 2);
}

TEST_CASE("http server: connections beyond max_connections get 503 and are closed") {
  auto limits = small_limits();
  limits.max_connections = 3;
  running_server server(limits);
  std::vector<tcp::socket> held;
  held.push_back(connect(server.port, "127.0.0.2"));
  held.push_back(connect(server.port, "127.0.0.3"));
  held.push_back(connect(server.onion_port));
  for (auto& s : held) CHECK(get(s).result_int() == 200);

  auto extra = connect(server.port, "127.0.0.4");
  send(extra, "GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n");
  const auto res = receive(extra);
  CHECK(res.result_int() == 503);
  CHECK(res.body().find("\"too_many_connections\"") != std::string::npos);
  CHECK(res[http::field::retry_after] == "1");
  CHECK(closed_by_server(extra));
  CHECK(server.stats().refused_full == 1);

  // A freed slot is usable again.
  held.pop_back();
  for (int i = 0; i < 100 && server.stats().open_connections > 2; ++i)
    std::this_thread::sleep_for(10ms);
  auto again = connect(server.onion_port);
  CHECK(get(again).result_int() == 200);
  CHECK(server.stats().accepted == 4);
}

TEST_CASE("http server: one clear-net address gets at most its share, onion peers have no cap") {
  running_server server(small_limits());  // 4 per address
  std::vector<tcp::socket> held;
  for (int i = 0; i < 4; ++i) held.push_back(connect(server.port, "127.0.0.5"));
  for (auto& s : held) CHECK(get(s).result_int() == 200);

  auto fifth = connect(server.port, "127.0.0.5");
  CHECK(get(fifth).result_int() == 503);
  CHECK(closed_by_server(fifth));
  CHECK(server.stats().refused_per_address == 1);

  auto other = connect(server.port, "127.0.0.6");
  CHECK(get(other).result_int() == 200);
  std::vector<tcp::socket> onion;
  for (int i = 0; i < 3; ++i) onion.push_back(connect(server.onion_port));
  for (auto& s : onion) CHECK(get(s).result_int() == 200);
  CHECK(server.stats().open_connections == 8);
}

TEST_CASE("http server: onion connections together get at most their share") {
  auto limits = small_limits();
  limits.max_onion_connections = 2;
  running_server server(limits);
  std::vector<tcp::socket> onion;
  for (int i = 0; i < 2; ++i) onion.push_back(connect(server.onion_port));
  for (auto& s : onion) CHECK(get(s).result_int() == 200);
  auto third = connect(server.onion_port);
  CHECK(get(third).result_int() == 503);
  CHECK(closed_by_server(third));
  // Clear-net clients still get in.
  auto clear = connect(server.port, "127.0.0.7");
  CHECK(get(clear).result_int() == 200);
}

TEST_CASE("http server: too many header fields get 431") {
  running_server server(small_limits());  // 16 fields
  auto s = connect(server.port);
  std::string request = "GET /healthz HTTP/1.1\r\nHost: relay\r\n";
  for (int i = 0; i < 200; ++i) request += "X-" + std::to_string(i) + ": a\r\n";
  send(s, request + "\r\n");
  const auto res = receive(s);
  CHECK(res.result_int() == 431);
  CHECK(res.body().find("\"headers_too_large\"") != std::string::npos);
  CHECK(res.body().find("too many header fields") != std::string::npos);
  CHECK(server.stats().rejected_requests == 1);

  // Just under the limit is fine.
  auto ok = connect(server.port);
  request = "GET /healthz HTTP/1.1\r\nHost: relay\r\n";
  for (int i = 0; i < 15; ++i) request += "X-" + std::to_string(i) + ": a\r\n";
  send(ok, request + "\r\n");
  CHECK(receive(ok).result_int() == 200);
}

TEST_CASE("http server: a request trickling in is cut off at the request deadline") {
  running_server server(small_limits());  // 400 ms
  auto s = connect(server.port);
  const auto start = std::chrono::steady_clock::now();
  send(s, "GET /healthz HTTP/1.1\r\n");
  boost::system::error_code ec;
  // A byte every 100 ms would keep a per-read timeout happy for ever.
  for (int i = 0; i < 20 && !ec; ++i) {
    std::this_thread::sleep_for(100ms);
    asio::write(s, asio::buffer("X", 1), ec);
  }
  CHECK(closed_by_server(s));
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(took < 1500ms);
  for (int i = 0; i < 50 && server.stats().timed_out < 1; ++i) std::this_thread::sleep_for(10ms);
  CHECK(server.stats().timed_out >= 1);
}

TEST_CASE("http server: a silent connection and an idle keep-alive one are closed") {
  running_server server(small_limits());
  auto silent = connect(server.port);
  auto idle = connect(server.port);
  CHECK(get(idle).result_int() == 200);
  const auto start = std::chrono::steady_clock::now();
  CHECK(closed_by_server(silent));
  CHECK(closed_by_server(idle));
  CHECK(std::chrono::steady_clock::now() - start < 1500ms);
  // The deadline closes the socket before the session counts it.
  for (int i = 0; i < 50 && server.stats().timed_out < 2; ++i) std::this_thread::sleep_for(10ms);
  CHECK(server.stats().timed_out == 2);
}

TEST_CASE("http server: a connection past its lifetime is closed after its answer") {
  auto limits = small_limits();
  limits.max_connection_lifetime = 300ms;
  running_server server(limits);
  auto s = connect(server.port);
  CHECK(get(s)[http::field::connection] != "close");
  std::this_thread::sleep_for(350ms);
  send(s, "GET /healthz HTTP/1.1\r\nHost: relay\r\n\r\n");
  // Sent after the lifetime: the server reads no more requests on it.
  CHECK(closed_by_server(s));
}

TEST_CASE("http server: stop closes idle connections at once") {
  auto limits = small_limits();
  limits.idle_timeout = 10s;
  running_server server(limits);
  auto s = connect(server.port);
  CHECK(get(s).result_int() == 200);
  const auto start = std::chrono::steady_clock::now();
  server.stop();
  CHECK(closed_by_server(s));
  CHECK(std::chrono::steady_clock::now() - start < 1s);
}

TEST_CASE("http server: client keys are addresses, and an IPv6 peer's /64") {
  using hrn::api::client_key;
  CHECK(client_key(asio::ip::make_address("192.0.2.7")) == "192.0.2.7");
  CHECK(client_key(asio::ip::make_address("::ffff:192.0.2.7")) == "192.0.2.7");
  CHECK(client_key(asio::ip::make_address("2001:db8:1:2:aaaa:bbbb:cccc:dddd")) ==
        "2001:db8:1:2::/64");
  CHECK(client_key(asio::ip::make_address("2001:db8:1:2::1")) ==
        client_key(asio::ip::make_address("2001:db8:1:2:ffff::9")));
}
