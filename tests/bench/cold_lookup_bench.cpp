// Cold BIP 353 lookups through Tor, against what the network itself costs.
//
//   bench_cold_lookup TORNET_ENV DNSZONES_ENV [ITERATIONS] [NAME...]
//
// Prints figures; asserts nothing. Run by tests/bench/cold_lookup.sh (`make
// bench`), which starts the private Tor network and the signed DNS fixture.
// Every iteration, in turn and in this one process (so process start,
// option parsing and the like are never counted):
//   baseline  a fresh SOCKS stream through tor (fresh isolation credentials,
//             so a circuit of its own) to the fixture's Unbound, and one DNS
//             exchange over TCP on it (the name's TXT query): the least any
//             lookup through Tor can cost;
//   flight    the same stream and the first NAME's whole first flight (TXT,
//             DNSKEY and DS of every ancestor) in one write, replies only:
//             what tor charges for the flight, without our parsing or
//             validation;
//   lookup    for each NAME, what `hrn resolve NAME --tor-socks` does between
//             start and answer: upstream_session::open (SOCKS, fresh
//             credentials) and resolve_bip353 (the pipelined flights, DNSSEC
//             validation, BIP 353 rules), with nothing cached.
// Unbound's cache is warmed first, so the figures are about our side and Tor.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "hrn/dns/message.hpp"
#include "hrn/dns/transport/tcp_pipeline.hpp"
#include "hrn/dns/trust_anchor.hpp"
#include "hrn/dns/validator.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/bip353_resolver.hpp"
#include "hrn/resolve/gather.hpp"
#include "hrn/resolve/upstream_session.hpp"
#include "hrn/tor/isolation.hpp"
#include "hrn/tor/socks5.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
using hrn::result;

namespace {

using env_map = std::map<std::string, std::string>;

[[noreturn]] void die(const std::string& why) {
  std::cerr << "bench cold lookup: " << why << "\n";
  std::exit(1);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) die("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

env_map load_env(const std::string& path) {
  env_map kv;
  std::istringstream lines(slurp(path));
  for (std::string line; std::getline(lines, line);)
    if (auto eq = line.find('='); eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
  return kv;
}

const std::string& need(const env_map& env, const std::string& key) {
  auto it = env.find(key);
  if (it == env.end() || it->second.empty()) die("env file lacks " + key);
  return it->second;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Nearest-rank percentile of a non-empty sample.
double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

struct setup {
  hrn::host_port socks;
  hrn::host_port unbound;
  hrn::resolve::upstream_config transport;
  std::vector<hrn::dns::trust_anchor> anchors;
};

// Runs one coroutine to completion on a fresh io_context.
template <class T>
T run(asio::awaitable<T> op) {
  asio::io_context io;
  std::optional<T> out;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(op)); },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
  io.run_for(60s);
  if (!out) die("an operation did not finish within 60 s");
  return std::move(*out);
}

// Milliseconds to open the stream (SOCKS through tor) and in all.
struct figures {
  double open_ms = 0;
  double total_ms = 0;
  unsigned round_trips = 0;
  std::string status;
};

// A fresh circuit (new isolation credentials) and a DNS pipeline on its
// SOCKS stream to Unbound.
asio::awaitable<result<std::shared_ptr<hrn::dns::tcp_pipeline>>> open_pipeline(const setup& s) {
  auto ex = co_await asio::this_coro::executor;
  auto token = hrn::tor::isolation_token::fresh();
  if (!token) co_return std::move(token).err();
  hrn::tor::target destination = s.unbound;
  auto socket = co_await hrn::tor::connect_via_socks(ex, s.socks, std::move(destination), *token, 10s);
  if (!socket) co_return std::move(socket).err();
  co_return hrn::dns::tcp_pipeline::start(ex, hrn::dns::make_byte_stream(std::move(*socket)));
}

// A fresh circuit's SOCKS stream to Unbound and one DNS exchange on it.
asio::awaitable<result<figures>> baseline_once(const setup& s, hrn::bytes query) {
  const auto t0 = std::chrono::steady_clock::now();
  auto pipeline = co_await open_pipeline(s);
  if (!pipeline) co_return std::move(pipeline).err();
  figures f;
  f.open_ms = ms_since(t0);
  auto reply = co_await (*pipeline)->exchange(std::move(query), 10s);
  f.total_ms = ms_since(t0);
  (*pipeline)->close();
  if (!reply) co_return std::move(reply).err();
  f.round_trips = 1;
  f.status = "reply";
  co_return f;
}

// A fresh circuit's SOCKS stream and the first flight a lookup of `qname`
// sends (its TXT query, DNSKEY and DS of every ancestor) in one write,
// waiting for every reply: what tor charges for the flight, with nothing of
// ours (no validation, no parsing) on top.
asio::awaitable<result<figures>> flight_once(const setup& s, hrn::dns::name qname) {
  const auto t0 = std::chrono::steady_clock::now();
  auto opened = co_await open_pipeline(s);
  if (!opened) co_return std::move(opened).err();
  auto pipeline = std::move(*opened);
  figures f;
  f.open_ms = ms_since(t0);
  std::vector<asio::awaitable<result<hrn::bytes>>> ops;
  ops.push_back(pipeline->exchange(hrn::dns::build_query(qname, hrn::dns::rr_type::txt, 0), 10s));
  for (std::size_t labels = 0; labels <= qname.label_count(); ++labels) {
    const auto zone = qname.suffix(labels);
    ops.push_back(pipeline->exchange(hrn::dns::build_query(zone, hrn::dns::rr_type::dnskey, 0), 10s));
    if (!zone.is_root())
      ops.push_back(pipeline->exchange(hrn::dns::build_query(zone, hrn::dns::rr_type::ds, 0), 10s));
  }
  f.round_trips = 1;
  f.status = std::to_string(ops.size()) + " queries";
  auto replies = co_await hrn::resolve::gather(std::move(ops));
  f.total_ms = ms_since(t0);
  pipeline->close();
  for (auto& r : replies)
    if (!r) co_return std::move(r).err();
  co_return f;
}

// What `hrn resolve NAME --tor-socks ...` does between start and answer.
asio::awaitable<result<figures>> lookup_once(const setup& s, const hrn::name::address& address) {
  auto ex = co_await asio::this_coro::executor;
  const auto t0 = std::chrono::steady_clock::now();
  auto token = hrn::tor::isolation_token::fresh();
  if (!token) co_return std::move(token).err();
  auto session = co_await hrn::resolve::upstream_session::open(ex, s.transport, *token);
  if (!session) co_return std::move(session).err();
  figures f;
  f.open_ms = ms_since(t0);
  hrn::dns::chain_validator validator(s.anchors);
  const auto now = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  auto r = co_await hrn::resolve::resolve_bip353((*session)->exchange(), validator, address, now);
  f.total_ms = ms_since(t0);
  (*session)->close();
  if (!r) co_return std::move(r).err();
  f.round_trips = r->round_trips;
  f.status = r->found ? "ok" : "not_found";
  co_return f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) die("usage: bench_cold_lookup TORNET_ENV DNSZONES_ENV [ITERATIONS] [NAME...]");
  const auto tn = load_env(argv[1]);
  const auto dz = load_env(argv[2]);
  const int iterations = argc > 3 ? std::atoi(argv[3]) : 30;
  if (iterations < 1 || iterations > 1000) die("ITERATIONS must be 1 to 1000");
  std::vector<std::string> names;
  for (int i = 4; i < argc; ++i) names.push_back(argv[i]);
  if (names.empty()) names = {"alice@rsa.test", "cname@rsa.test"};

  setup s;
  s.socks = {"127.0.0.1", static_cast<std::uint16_t>(std::stoi(need(tn, "CLIENT_SOCKS_PORT")))};
  s.unbound = {"127.0.0.1", static_cast<std::uint16_t>(std::stoi(need(dz, "UNBOUND_PORT")))};
  auto upstream = hrn::dns::parse_upstream(need(dz, "UPSTREAM"));
  if (!upstream) die(upstream.err().message);
  s.transport.upstream = *upstream;
  s.transport.tor_socks = s.socks;
  auto anchors = hrn::dns::parse_trust_anchors(slurp(need(dz, "TRUST_ANCHOR")));
  if (!anchors) die("trust anchor: " + anchors.err().message);
  s.anchors = *anchors;

  std::vector<hrn::name::address> addresses;
  for (const auto& n : names) {
    auto a = hrn::name::parse(n);
    if (!a) die(n + ": " + a.err().message);
    addresses.push_back(*a);
  }
  auto qname = hrn::dns::name::from_text(addresses.front().dns_name());
  if (!qname) die(qname.err().message);
  const hrn::bytes query = hrn::dns::build_query(*qname, hrn::dns::rr_type::txt, 0);

  // Warm Unbound's cache with one lookup of each name.
  for (const auto& a : addresses)
    if (auto r = run(lookup_once(s, a)); !r) die("warm-up lookup failed: " + r.err().message);

  auto row_name = [&](std::size_t k) {
    if (k == 0) return std::string("baseline: SOCKS stream + 1 DNS exchange");
    if (k == 1) return "flight: SOCKS stream + " + names[0] + "'s 1st flight";
    return "lookup " + names[k - 2];
  };
  // Tor keeps a few clean circuits ready; a pause between streams lets it
  // replace the one just used, and the order alternates, so neither side
  // is the one that finds the pool empty.
  // 0 = baseline, 1 = the first lookup's flight alone, k >= 2 = addresses[k - 2]
  const std::size_t kinds = addresses.size() + 2;
  std::vector<std::vector<figures>> seen(kinds);
  for (int i = 0; i < iterations; ++i) {
    for (std::size_t j = 0; j < kinds; ++j) {
      const std::size_t k = (j + static_cast<std::size_t>(i)) % kinds;
      std::this_thread::sleep_for(150ms);
      // (Named locals, not ?: with co_await in both arms: g++ 12 miscompiles that.)
      std::optional<result<figures>> f;
      if (k == 0)
        f.emplace(run(baseline_once(s, query)));
      else if (k == 1)
        f.emplace(run(flight_once(s, *qname)));
      else
        f.emplace(run(lookup_once(s, addresses[k - 2])));
      if (!*f) die(row_name(k) + ": " + f->err().message);
      seen[k].push_back(**f);
    }
  }

  auto column = [&](std::size_t k, auto member) {
    std::vector<double> v;
    for (const auto& f : seen[k]) v.push_back(f.*member);
    return v;
  };
  std::printf("cold lookups through the private Tor network, %d iterations, in-process "
              "(no process start counted); each row: median / p90\n",
              iterations);
  std::printf("  %-62s %17s %17s %17s\n", "", "whole", "stream open", "after open");
  for (std::size_t k = 0; k < kinds; ++k) {
    const auto total = column(k, &figures::total_ms);
    const auto open = column(k, &figures::open_ms);
    std::vector<double> after;
    for (const auto& f : seen[k]) after.push_back(f.total_ms - f.open_ms);
    const std::string what = row_name(k) + " (" + seen[k].back().status + ", " +
                             std::to_string(seen[k].back().round_trips) + " rt)";
    std::printf("  %-62s %7.1f / %6.1f %7.1f / %6.1f %7.1f / %6.1f\n", what.c_str(), percentile(total, 50),
                percentile(total, 90), percentile(open, 50), percentile(open, 90), percentile(after, 50),
                percentile(after, 90));
  }
  const auto base = column(0, &figures::total_ms);
  for (std::size_t k = 1; k < kinds; ++k) {
    const auto total = column(k, &figures::total_ms);
    std::printf("  %s minus baseline: median %+.1f ms, p90 %+.1f ms (%u round trip%s)\n",
                row_name(k).c_str(), percentile(total, 50) - percentile(base, 50),
                percentile(total, 90) - percentile(base, 90), seen[k].back().round_trips,
                seen[k].back().round_trips == 1 ? "" : "s");
  }
  return 0;
}
