#include "hrn/cache/redis/shared_cache.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "hrn/cache/redis/errors.hpp"

namespace hrn::cache::redis {
namespace asio = boost::asio;

namespace {

constexpr std::string_view prefix = "hrn:1:";

// Deletes KEYS[1] only while it holds ARGV[1]: a refused entry or our own
// lease, never what another relay wrote since. One script, so nothing can
// run between the comparison and the delete.
constexpr std::string_view delete_if_equal =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

// Takes the lease (KEYS[1]) if nobody holds it and then forgets the failure
// of an earlier lookup (KEYS[2]), so relays waiting for this lookup never see
// the last one's failure.
constexpr std::string_view claim_lease =
    "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then redis.call('DEL', KEYS[2]) return 1 end "
    "return 0";

std::string key_of(char kind, std::string_view rest) {
  std::string k(prefix);
  k += kind;
  k += ':';
  k += rest;
  return k;
}

std::string millis(std::chrono::milliseconds d) { return std::to_string(std::max<long long>(1, d.count())); }

std::string number_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc{}) return "0";
  return std::string(buf, end);
}

error unexpected(const reply& r, std::string_view command) {
  std::string m = "unexpected reply to ";
  m += command;
  if (r.is_error()) {
    m += ": ";
    m += r.text.substr(0, 200);
  }
  return make_error(errc::redis_protocol_error, std::move(m));
}

// ZREVRANGE … WITHSCORES in RESP2: member, score, member, score…
result<std::vector<demand_score>> scores_of(const reply& r) {
  if (r.type != reply::kind::array || r.elements.size() % 2 != 0) return unexpected(r, "ZREVRANGE");
  std::vector<demand_score> out;
  out.reserve(r.elements.size() / 2);
  for (std::size_t i = 0; i < r.elements.size(); i += 2) {
    const auto& member = r.elements[i];
    const auto& score = r.elements[i + 1];
    if (member.type != reply::kind::string || score.type != reply::kind::string) return unexpected(r, "ZREVRANGE");
    double v = 0;
    auto [end, ec] = std::from_chars(score.text.data(), score.text.data() + score.text.size(), v);
    // A score that is not a plain finite number is someone else's data.
    if (ec != std::errc{} || end != score.text.data() + score.text.size() || !std::isfinite(v) || v < 0) continue;
    out.push_back({member.text, v});
  }
  return out;
}

asio::awaitable<result<std::vector<reply>>> send(client& c, std::vector<client::command> commands) {
  auto op = c.run(std::move(commands));  // named local: g++ 12
  auto r = co_await std::move(op);
  co_return r;
}

asio::awaitable<result<reply>> send_one(client& c, client::command command) {
  std::vector<client::command> commands;
  commands.push_back(std::move(command));
  auto op = send(c, std::move(commands));
  auto r = co_await std::move(op);
  if (!r) co_return std::move(r).err();
  co_return std::move(r->front());
}

}  // namespace

std::string shared_cache::entry_key(std::string_view name) { return key_of('e', name); }
std::string shared_cache::lease_key(std::string_view name) { return key_of('l', name); }
std::string shared_cache::failure_key(std::string_view name) { return key_of('f', name); }
std::string shared_cache::demand_key(std::uint64_t day) { return key_of('d', std::to_string(day)); }

asio::awaitable<result<std::optional<bytes>>> shared_cache::get(std::string name) {
  auto op = send_one(client_, {"GET", entry_key(name)});
  auto r = co_await std::move(op);
  if (!r) co_return std::move(r).err();
  if (r->is_nil()) co_return std::optional<bytes>{};
  if (r->type != reply::kind::string) co_return unexpected(*r, "GET");
  co_return std::optional<bytes>{bytes(r->text.begin(), r->text.end())};
}

asio::awaitable<status> shared_cache::put(std::string name, bytes value, std::chrono::milliseconds lifetime) {
  auto op = send_one(client_, {"SET", entry_key(name), std::string(value.begin(), value.end()), "PX", millis(lifetime)});
  auto r = co_await std::move(op);
  if (!r) co_return std::move(r).err();
  if (r->type != reply::kind::status) co_return unexpected(*r, "SET");
  co_return ok_status();
}

asio::awaitable<status> shared_cache::drop_if_same(std::string name, bytes value) {
  auto op = send_one(client_, {"EVAL", std::string(delete_if_equal), "1", entry_key(name),
                               std::string(value.begin(), value.end())});
  auto r = co_await std::move(op);
  if (!r) co_return std::move(r).err();
  if (r->type != reply::kind::integer) co_return unexpected(*r, "EVAL");
  co_return ok_status();
}

asio::awaitable<result<bool>> shared_cache::claim(std::string name, std::string owner, std::chrono::milliseconds lifetime) {
  auto op = send_one(client_, {"EVAL", std::string(claim_lease), "2", lease_key(name), failure_key(name),
                               std::move(owner), millis(lifetime)});
  auto r = co_await std::move(op);
  if (!r) co_return std::move(r).err();
  if (r->type != reply::kind::integer) co_return unexpected(*r, "EVAL");
  co_return r->integer == 1;  // 0: held by another relay
}

asio::awaitable<status> shared_cache::release(std::string name, std::string owner) {
  auto op = send_one(client_, {"EVAL", std::string(delete_if_equal), "1", lease_key(name), std::move(owner)});
  auto r = co_await std::move(op);
  if (!r) co_return std::move(r).err();
  if (r->type != reply::kind::integer) co_return unexpected(*r, "EVAL");
  co_return ok_status();
}

asio::awaitable<result<lease_poll>> shared_cache::poll(std::string name) {
  std::vector<client::command> commands;
  commands.push_back({"GET", entry_key(name)});
  commands.push_back({"GET", failure_key(name)});
  commands.push_back({"EXISTS", lease_key(name)});
  auto op = send(client_, std::move(commands));
  auto r = co_await std::move(op);
  if (!r) co_return std::move(r).err();
  const auto& entry = (*r)[0];
  const auto& failure = (*r)[1];
  const auto& leased = (*r)[2];
  lease_poll p;
  if (entry.type == reply::kind::string) p.entry = bytes(entry.text.begin(), entry.text.end());
  else if (!entry.is_nil()) co_return unexpected(entry, "GET");
  if (failure.type == reply::kind::string) p.failure = failure.text;
  else if (!failure.is_nil()) co_return unexpected(failure, "GET");
  if (leased.type != reply::kind::integer) co_return unexpected(leased, "EXISTS");
  p.leased = leased.integer != 0;
  co_return p;
}

asio::awaitable<status> shared_cache::put_failure(std::string name, std::string code, std::chrono::milliseconds lifetime) {
  auto op = send_one(client_, {"SET", failure_key(name), std::move(code), "PX", millis(lifetime)});
  auto r = co_await std::move(op);
  if (!r) co_return std::move(r).err();
  if (r->type != reply::kind::status) co_return unexpected(*r, "SET");
  co_return ok_status();
}

asio::awaitable<result<shared_cache::demand_view>> shared_cache::exchange_demand(std::vector<demand_score> increments,
                                                                                 std::uint64_t day, std::size_t keep,
                                                                                 std::size_t top) {
  const auto today = demand_key(day);
  std::vector<client::command> commands;
  for (auto& inc : increments) commands.push_back({"ZINCRBY", today, number_text(inc.score), std::move(inc.name)});
  const auto written = commands.size();
  if (written > 0) {
    // Two days: today's scores and, tomorrow, yesterday's.
    commands.push_back({"EXPIRE", today, "172800"});
    commands.push_back({"ZREMRANGEBYRANK", today, "0", std::to_string(-static_cast<long long>(keep) - 1)});
  }
  const auto last = std::to_string(top == 0 ? 0 : static_cast<long long>(top) - 1);
  commands.push_back({"ZREVRANGE", today, "0", last, "WITHSCORES"});
  commands.push_back({"ZREVRANGE", demand_key(day - 1), "0", last, "WITHSCORES"});
  auto op = send(client_, std::move(commands));
  auto r = co_await std::move(op);
  if (!r) co_return std::move(r).err();
  for (std::size_t i = 0; i < written; ++i)
    if ((*r)[i].is_error()) co_return unexpected((*r)[i], "ZINCRBY");
  auto a = scores_of((*r)[r->size() - 2]);
  if (!a) co_return std::move(a).err();
  auto b = scores_of((*r)[r->size() - 1]);
  if (!b) co_return std::move(b).err();
  co_return demand_view{std::move(*a), std::move(*b)};
}

}  // namespace hrn::cache::redis
