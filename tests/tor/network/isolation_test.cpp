// One circuit per lookup (DESIGN.md privacy mechanism 2) on real Tor circuits:
// our own SOCKS client (tor::connect_via_socks with isolation tokens) fetches
// the tornet's web page through the private Tor network (tests/tornet), and
// tor's own view on its control port says which circuit every stream rode:
// STREAM events (credentials, source port, circuit), GETINFO stream-status
// while the streams are open, and circuit-status / CIRC events for conflux
// sets (legs sharing a CONFLUX_ID count as one circuit, as in
// tests/tornet/smoke.sh).
//
// Needs the `tornet` ctest fixture; HRN_TORNET_ENV names its env file.
#include <catch2/catch.hpp>

#include <chrono>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "hrn/tor/control.hpp"
#include "hrn/tor/control_wire.hpp"
#include "hrn/tor/isolation.hpp"
#include "hrn/tor/socks5.hpp"

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using namespace hrn;

namespace {

// --- the fixture's env file -------------------------------------------------

struct tornet_env {
  std::uint16_t socks_port = 0;
  std::uint16_t control_port = 0;
  std::string cookie;
  std::uint16_t http_port = 0;
  std::string http_body;  // what nginx serves at /
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) FAIL("cannot read " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

tornet_env load_env() {
  const char* path = std::getenv("HRN_TORNET_ENV");
  if (path == nullptr || *path == '\0')
    FAIL("HRN_TORNET_ENV is not set: run this through ctest (fixture tornet), or point it at "
         "RUN_DIR/env of tests/tornet/start.sh");
  std::map<std::string, std::string> kv;
  std::istringstream lines(read_file(path));
  for (std::string line; std::getline(lines, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
  }
  auto need = [&](const std::string& key) -> const std::string& {
    auto it = kv.find(key);
    if (it == kv.end() || it->second.empty()) FAIL(path << " has no " << key);
    return it->second;
  };
  auto port = [&](const std::string& key) {
    const long p = std::stol(need(key));
    if (p <= 0 || p > 65535) FAIL(key << " is not a port: " << p);
    return static_cast<std::uint16_t>(p);
  };
  tornet_env env;
  env.socks_port = port("CLIENT_SOCKS_PORT");
  env.control_port = port("CLIENT_CONTROL_PORT");
  env.cookie = need("CLIENT_COOKIE");
  env.http_port = port("HTTP_PORT");
  env.http_body = read_file(need("HTTP_BODY"));
  return env;
}

// --- what tor says about streams and circuits ----------------------------------

struct stream_record {
  std::string id;
  std::string target;
  std::string last_status;
  std::string circuit;  // of its SUCCEEDED event; "" until then
  std::string username, password;
  std::uint16_t source_port = 0;  // from SOURCE_ADDR of its NEW event
};

// Folds STREAM and CIRC events (tor's order) into per-stream records and the
// conflux set of every circuit that has one.
struct tor_view {
  std::map<std::string, stream_record> streams;
  std::map<std::string, std::string> conflux_of;  // circuit id -> CONFLUX_ID
  std::size_t stream_events = 0;

  void on_event(const tor::control_reply& reply) {
    if (reply.lines.empty()) return;
    auto args = tor::parse_control_arguments(reply.lines.front().text);
    if (!args) return;
    const auto& pos = args->positional;
    if (pos.size() >= 3 && pos[0] == "CIRC") {
      if (const auto* id = args->find("CONFLUX_ID")) conflux_of[pos[1]] = *id;
      return;
    }
    if (pos.size() < 5 || pos[0] != "STREAM") return;
    ++stream_events;
    auto& s = streams[pos[1]];
    s.id = pos[1];
    s.last_status = pos[2];
    s.target = pos[4];
    if (pos[2] == "SUCCEEDED") s.circuit = pos[3];
    if (const auto* u = args->find("SOCKS_USERNAME")) s.username = *u;
    if (const auto* p = args->find("SOCKS_PASSWORD")) s.password = *p;
    if (const auto* a = args->find("SOURCE_ADDR")) {
      const auto colon = a->rfind(':');
      if (colon != std::string::npos)
        s.source_port = static_cast<std::uint16_t>(std::stoul(a->substr(colon + 1)));
    }
  }

  // GETINFO circuit-status lines: "ID STATUS [PATH] ... CONFLUX_ID=..."
  void add_circuit_status(const std::string& block) {
    std::istringstream lines(block);
    for (std::string line; std::getline(lines, line);) {
      auto args = tor::parse_control_arguments(line);
      if (!args || args->positional.empty()) continue;
      if (const auto* id = args->find("CONFLUX_ID")) conflux_of[args->positional[0]] = *id;
    }
  }

  // The circuit a stream rode, with a conflux set standing for its legs.
  std::string circuit_set(const std::string& circuit) const {
    auto it = conflux_of.find(circuit);
    return it != conflux_of.end() ? "conflux:" + it->second : "circ:" + circuit;
  }

  // The stream tor accepted from our end of a SOCKS connection with these
  // credentials (a port alone could be an older, closed stream's).
  const stream_record* by_source(std::uint16_t port, const std::string& password) const {
    for (const auto& [id, s] : streams)
      if (s.source_port == port && s.password == password) return &s;
    return nullptr;
  }

  std::string dump() const {
    std::ostringstream o;
    for (const auto& [id, s] : streams)
      o << "  stream " << id << " " << s.last_status << " circ " << s.circuit << " -> " << s.target
        << " src " << s.source_port << " user '" << s.username << "' pass '" << s.password << "'\n";
    for (const auto& [c, x] : conflux_of) o << "  circ " << c << " conflux " << x << "\n";
    return o.str();
  }
};

// GETINFO stream-status lines: "StreamID StreamStatus CircuitID Target".
std::map<std::string, std::pair<std::string, std::string>> parse_stream_status(
    const std::string& block) {
  std::map<std::string, std::pair<std::string, std::string>> out;  // id -> (status, circuit)
  std::istringstream lines(block);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string id, status, circuit, target;
    if (words >> id >> status >> circuit >> target) out[id] = {status, circuit};
  }
  return out;
}

// --- running a scenario --------------------------------------------------------

// Runs `body` on a fresh io_context, bounded in time; rethrows what it threw
// (a failed REQUIRE inside included).
template <class Body>
void run(Body body, std::chrono::seconds limit = 50s) {
  asio::io_context io;
  bool done = false;
  std::exception_ptr failure;
  asio::co_spawn(io, body(io.get_executor()), [&](std::exception_ptr e) {
    failure = e;
    done = true;
    io.stop();  // the control connection's reader would keep run_for busy
  });
  io.run_for(limit);
  if (failure) std::rethrow_exception(failure);
  if (!done) FAIL("the scenario did not finish within " << limit.count() << " s");
}

struct control_session {
  std::unique_ptr<tor::control_connection> conn;
  std::shared_ptr<tor_view> view = std::make_shared<tor_view>();
};

asio::awaitable<control_session> open_control(asio::any_io_executor ex, const tornet_env& env) {
  tor::control_options o;
  o.address = host_port{"127.0.0.1", env.control_port};
  o.cookie_file = env.cookie;
  o.timeout = 10s;
  auto c = co_await tor::control_connection::connect(ex, o);
  if (!c) FAIL("control port 127.0.0.1:" << env.control_port << ": " << c.err().code << ": " << c.err().message);
  control_session s;
  s.conn = std::make_unique<tor::control_connection>(std::move(*c));
  auto view = s.view;
  s.conn->subscribe([view](const tor::control_reply& r) { view->on_event(r); });
  std::vector<std::string> codes{"STREAM", "CIRC"};
  auto on = co_await s.conn->enable_events(std::move(codes));
  if (!on) FAIL("SETEVENTS STREAM CIRC: " << on.err().message);
  co_return s;
}

// One GETINFO; its reply comes after every event tor sent before it, so the
// view is up to date when this returns.
asio::awaitable<std::string> getinfo(control_session& s, const std::string& key) {
  auto v = co_await s.conn->get_info_value(key);
  if (!v) FAIL("GETINFO " << key << ": " << v.err().code << ": " << v.err().message);
  co_return *v;
}

// A stream of ours: the socket through Tor and the token it was opened with.
struct our_stream {
  std::string label;
  tor::isolation_token token;
  tcp::socket socket;
  std::uint16_t source_port = 0;  // our end of the connection to the SOCKS port
};

asio::awaitable<our_stream> open_stream(asio::any_io_executor ex, const tornet_env& env,
                                        const std::string& label, const tor::isolation_token& token) {
  // Named arguments, not temporaries: GCC 12 miscompiles prvalue class
  // arguments built inside a co_await expression (a copied std::string kept
  // pointing into the temporary's buffer).
  const host_port proxy{"127.0.0.1", env.socks_port};
  const tor::target destination{"127.0.0.1", env.http_port};
  auto s = co_await tor::connect_via_socks(ex, proxy, destination, token, 30s);
  if (!s) FAIL(label << ": connect_via_socks: " << s.err().code << ": " << s.err().message);
  const auto port = s->local_endpoint().port();
  co_return our_stream{label, token, std::move(*s), port};
}

// GET / over the stream (HTTP/1.1, kept alive) and check it is the tornet's
// page: the bytes really went through the exit to nginx and back.
asio::awaitable<void> fetch_page(our_stream& s, const tornet_env& env) {
  const std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(env.http_port) +
                              "\r\nConnection: keep-alive\r\n\r\n";
  co_await asio::async_write(s.socket, asio::buffer(request), asio::use_awaitable);
  std::string buf;
  const std::string end_of_head = "\r\n\r\n";
  const auto head_len =
      co_await asio::async_read_until(s.socket, asio::dynamic_buffer(buf), end_of_head, asio::use_awaitable);
  const std::string head = buf.substr(0, head_len);
  INFO(s.label << ": response head:\n" << head);
  REQUIRE(head.rfind("HTTP/1.1 200 ", 0) == 0);
  std::string lower = head;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto cl = lower.find("\r\ncontent-length:");
  REQUIRE(cl != std::string::npos);
  const std::size_t length = std::stoul(lower.substr(cl + 17));
  if (buf.size() < head_len + length)
    co_await asio::async_read(s.socket, asio::dynamic_buffer(buf),
                              asio::transfer_exactly(head_len + length - buf.size()), asio::use_awaitable);
  REQUIRE(buf.substr(head_len, length) == env.http_body);
}

tor::isolation_token fresh_token() {
  auto t = tor::isolation_token::fresh();
  if (!t) FAIL("isolation_token::fresh: " << t.err().message);
  return *t;
}

// Tor's record of one of our streams (found by our source port), checked
// against the token: the credentials tor saw are the token's, the stream
// reached the page's address and succeeded on a circuit.
const stream_record& tor_record_of(const tor_view& view, const our_stream& s, const tornet_env& env) {
  const auto* r = view.by_source(s.source_port, s.token.credentials().password);
  INFO("tor's streams:\n" << view.dump());
  if (r == nullptr)
    FAIL(s.label << ": tor reported no stream from source port " << s.source_port
                 << " with the token's credentials");
  CHECK(r->target == "127.0.0.1:" + std::to_string(env.http_port));
  CHECK(r->username == s.token.credentials().username);
  CHECK(r->password == s.token.credentials().password);
  if (r->circuit.empty()) FAIL(s.label << ": stream " << r->id << " never SUCCEEDED (" << r->last_status << ")");
  return *r;
}

// --- the scenarios ----------------------------------------------------------
//
// What is checked strictly, on every attempt: tor saw exactly the streams we
// opened, each with its token's credentials, and no circuit (conflux set)
// carried streams of two tokens. That is all IsolateSOCKSAuth promises.
//
// That the streams of one token share a circuit is what tor usually does,
// not what it promises: with conflux (tor 0.4.8+) a new stream takes the
// first acceptable set in the linked pool before any other circuit
// (conflux_get_circ_for_conn), and a set that has carried nothing yet is
// acceptable to any credentials. So a token whose first stream rode a plain
// circuit (no linked set was ready, e.g. just after the network started or
// after a burst) may see its next stream on a fresh set. The scenarios
// therefore report every such split and require the sharing to be seen in
// one of up to `max_attempts` attempts with fresh tokens: usually the first;
// just after the network started, while tor is still building its conflux
// sets, often only the second. (tests/tornet/smoke.sh, which asserts the
// sharing once, fails then for the same reason.)

constexpr int max_attempts = 3;

asio::awaitable<void> pause(asio::any_io_executor ex, std::chrono::milliseconds d) {
  asio::steady_timer t(ex, d);
  co_await t.async_wait(asio::use_awaitable);
}

// The circuit sets a token's streams rode, and which token each set carried.
struct circuit_map {
  std::map<std::string, std::set<std::string>> sets_of_token;  // password -> sets
  std::map<std::string, std::set<std::string>> tokens_on_set;  // set -> passwords
  void add(const std::string& password, const std::string& set) {
    sets_of_token[password].insert(set);
    tokens_on_set[set].insert(password);
  }
  // Strict: no circuit set carried two tokens' streams.
  std::string shared_between_tokens() const {
    for (const auto& [set, tokens] : tokens_on_set)
      if (tokens.size() > 1) return set;
    return "";
  }
};

struct attempt_outcome {
  bool one_circuit_per_token = false;  // every token's streams on one set
  std::string summary;
};

// Two lookups: A opens two streams and keeps both open, B one; then tor is
// asked (stream-status, circuit-status) while all three are open.
asio::awaitable<attempt_outcome> two_lookups(asio::any_io_executor ex, const tornet_env& env,
                                             control_session& ctl) {
  const auto a = fresh_token();  // lookup A: e.g. its DNS stream and its HTTPS fetch
  const auto b = fresh_token();  // lookup B
  REQUIRE(a.credentials().password != b.credentials().password);
  REQUIRE(a.credentials().username == "<torS0X>0");

  std::vector<our_stream> streams;
  std::vector<long> ms;  // open + GET, per stream
  auto t0 = std::chrono::steady_clock::now();
  auto lap = [&t0] {
    const auto now = std::chrono::steady_clock::now();
    const auto d = std::chrono::duration_cast<std::chrono::milliseconds>(now - t0).count();
    t0 = now;
    return static_cast<long>(d);
  };
  const std::string labels[] = {"A1", "A2", "B"};
  for (int i = 0; i < 3; ++i) {
    const std::string label = labels[i];
    auto s = co_await open_stream(ex, env, label, i < 2 ? a : b);
    streams.push_back(std::move(s));
    co_await fetch_page(streams.back(), env);
    ms.push_back(lap());
  }
  co_await fetch_page(streams[0], env);  // A1 still works beside the others

  const std::string stream_key = "stream-status", circuit_key = "circuit-status";
  const std::string stream_block = co_await getinfo(ctl, stream_key);
  const std::string circuit_block = co_await getinfo(ctl, circuit_key);
  const auto stream_status = parse_stream_status(stream_block);
  ctl.view->add_circuit_status(circuit_block);
  const auto& view = *ctl.view;
  INFO("tor's streams:\n" << view.dump());

  std::vector<std::string> circuit, set;
  circuit_map map;
  for (const auto& s : streams) {
    const auto& r = tor_record_of(view, s, env);
    // stream-status, asked while the streams are open, agrees with the events.
    auto it = stream_status.find(r.id);
    if (it == stream_status.end()) FAIL(s.label << ": stream " << r.id << " is not in stream-status");
    CHECK(it->second.first == "SUCCEEDED");
    CHECK(it->second.second == r.circuit);
    circuit.push_back(r.circuit);
    set.push_back(view.circuit_set(r.circuit));
    map.add(r.password, set.back());
  }
  // Exactly our three streams went out with these credentials.
  int with_a = 0, with_b = 0;
  for (const auto& [id, r] : view.streams) {
    with_a += r.password == a.credentials().password;
    with_b += r.password == b.credentials().password;
  }
  CHECK(with_a == 2);
  CHECK(with_b == 1);

  attempt_outcome out;
  std::ostringstream o;
  o << "A1 circuit " << circuit[0] << " (" << set[0] << "), A2 circuit " << circuit[1] << " ("
    << set[1] << "), B circuit " << circuit[2] << " (" << set[2] << "); open + GET: A1 " << ms[0]
    << " ms (new token), A2 " << ms[1] << " ms (same token), B " << ms[2] << " ms (new token)";
  out.summary = o.str();
  INFO(out.summary);
  // (a) two lookups never share a circuit: strict.
  CHECK(map.shared_between_tokens().empty());
  CHECK(set[2] != set[0]);
  CHECK(set[2] != set[1]);
  // (b) one lookup's streams share its circuit: reported, see above.
  out.one_circuit_per_token = set[0] == set[1];
  for (auto& s : streams) s.socket.close();
  co_return out;
}

// A round: `lookups` tokens, each with a first stream (closed when done, like
// a DNS exchange) and, after all the others, a later one (like its HTTPS
// fetch).
asio::awaitable<attempt_outcome> round_of_lookups(asio::any_io_executor ex, const tornet_env& env,
                                                  control_session& ctl, int lookups) {
  std::vector<tor::isolation_token> tokens;
  for (int i = 0; i < lookups; ++i) tokens.push_back(fresh_token());
  std::vector<our_stream> first, later;
  for (int i = 0; i < lookups; ++i) {
    const std::string label = "lookup " + std::to_string(i) + " first";
    auto s = co_await open_stream(ex, env, label, tokens[i]);
    first.push_back(std::move(s));
    co_await fetch_page(first.back(), env);
    first.back().socket.close();
  }
  for (int i = 0; i < lookups; ++i) {
    const std::string label = "lookup " + std::to_string(i) + " later";
    auto s = co_await open_stream(ex, env, label, tokens[i]);
    later.push_back(std::move(s));
    co_await fetch_page(later.back(), env);
  }
  const std::string circuit_key = "circuit-status";
  const std::string circuit_block = co_await getinfo(ctl, circuit_key);
  ctl.view->add_circuit_status(circuit_block);
  const auto& view = *ctl.view;
  INFO("tor's streams:\n" << view.dump());

  circuit_map map;
  int split = 0;
  std::ostringstream o;
  for (int i = 0; i < lookups; ++i) {
    const auto& r1 = tor_record_of(view, first[i], env);
    const auto& r2 = tor_record_of(view, later[i], env);
    const auto s1 = view.circuit_set(r1.circuit), s2 = view.circuit_set(r2.circuit);
    map.add(r1.password, s1);
    map.add(r2.password, s2);
    o << " [" << i << ": " << s1;
    if (s1 != s2) {
      ++split;
      o << " then " << s2;
    }
    o << "]";
  }
  int with_ours = 0;
  for (const auto& [id, r] : view.streams)
    for (const auto& t : tokens) with_ours += r.password == t.credentials().password;
  CHECK(with_ours == 2 * lookups);  // tor saw exactly the streams we opened

  attempt_outcome out;
  out.summary = std::to_string(lookups) + " tokens, " + std::to_string(2 * lookups) + " streams, " +
                std::to_string(map.tokens_on_set.size()) + " circuits (" + std::to_string(split) +
                " tokens split over two):" + o.str();
  INFO(out.summary);
  const auto shared = map.shared_between_tokens();
  INFO("circuit shared by two tokens: " << shared);
  CHECK(shared.empty());  // strict: every token its own circuits
  CHECK(map.sets_of_token.size() == static_cast<std::size_t>(lookups));
  out.one_circuit_per_token = split == 0;
  for (auto& s : later) s.socket.close();
  co_return out;
}

}  // namespace

TEST_CASE("one lookup's open streams share a circuit and another lookup's stream does not") {
  const auto env = load_env();
  run([&](asio::any_io_executor ex) -> asio::awaitable<void> {
    auto ctl = co_await open_control(ex, env);
    std::string report;
    bool shown = false;
    for (int attempt = 1; attempt <= max_attempts && !shown; ++attempt) {
      if (attempt > 1) co_await pause(ex, 1000ms);
      const auto out = co_await two_lookups(ex, env, ctl);
      report += "attempt " + std::to_string(attempt) + ": " + out.summary +
                (out.one_circuit_per_token ? "\n" : " -- A's streams SPLIT over two circuits\n");
      shown = out.one_circuit_per_token;
    }
    WARN(report);
    if (!shown)
      FAIL("in " << max_attempts << " attempts tor never put both streams of one token on one "
                 "circuit (isolation between tokens held every time):\n"
                 << report);
  });
}

TEST_CASE("a round of lookups gets one circuit per fresh token and keeps it for later streams") {
  const auto env = load_env();
  constexpr int lookups = 4;  // half a relay round (DESIGN.md default K = 8)
  run([&](asio::any_io_executor ex) -> asio::awaitable<void> {
    auto ctl = co_await open_control(ex, env);
    std::string report;
    bool shown = false;
    for (int attempt = 1; attempt <= max_attempts && !shown; ++attempt) {
      if (attempt > 1) co_await pause(ex, 1000ms);
      const auto out = co_await round_of_lookups(ex, env, ctl, lookups);
      report += "attempt " + std::to_string(attempt) + ": " + out.summary + "\n";
      shown = out.one_circuit_per_token;
    }
    WARN(report);
    if (!shown)
      FAIL("in " << max_attempts << " attempts some token's streams always rode two circuits "
                 "(isolation between tokens held every time):\n"
                 << report);
  });
}
