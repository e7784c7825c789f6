// GETINFO (§3.9), SETEVENTS (§3.4) and event delivery (§4.1).
#include <string>
#include <utility>

#include "control_state.hpp"
#include "hrn/tor/errors.hpp"

namespace hrn::tor {
namespace asio = boost::asio;

namespace {

bool is_event_code(std::string_view code) {
  // §3.4: EventCode = 1*(ALPHA / "_")
  if (code.empty()) return false;
  for (char c : code)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')) return false;
  return true;
}

}  // namespace

asio::awaitable<result<std::vector<std::pair<std::string, std::string>>>>
control_connection::state::get_info(std::vector<std::string> keys) {
  if (keys.empty()) co_return make_error(tor::errc::bad_argument, "GETINFO needs at least one key");
  std::string line = "GETINFO";
  for (const auto& key : keys) {
    if (auto ok = check_word(key, "a GETINFO key"); !ok) co_return std::move(ok).err();
    line += " " + key;
  }
  auto reply = co_await run(std::move(line), deadline());
  if (!reply) co_return std::move(reply).err();
  co_return parse_getinfo(*reply);
}

asio::awaitable<result<std::string>> control_connection::state::get_info_value(std::string key) {
  std::vector<std::string> keys{key};
  auto values = co_await get_info(std::move(keys));
  if (!values) co_return std::move(values).err();
  for (auto& [k, v] : *values)
    if (k == key) co_return std::move(v);
  co_return make_error(tor::errc::tor_control_error, "tor's GETINFO reply lacks " + key);
}

asio::awaitable<result<bootstrap_phase>> control_connection::state::bootstrap_status() {
  std::string key = "status/bootstrap-phase";
  auto text = co_await get_info_value(std::move(key));
  if (!text) co_return std::move(text).err();
  co_return parse_bootstrap_phase(*text);
}

asio::awaitable<status> control_connection::state::set_events(std::set<std::string> wanted,
                                                              control_clock::time_point deadline) {
  std::string line = "SETEVENTS";
  for (const auto& code : wanted) line += " " + code;
  auto reply = co_await run(std::move(line), deadline);
  if (!reply) co_return std::move(reply).err();
  // §3.4: on error the set is unchanged, so it is recorded only now.
  events = std::move(wanted);
  co_return ok_status();
}

asio::awaitable<status> control_connection::state::enable_events(std::vector<std::string> codes) {
  auto wanted = events;
  for (auto& code : codes) {
    if (!is_event_code(code)) co_return make_error(tor::errc::bad_argument, "'" + code + "' is not an event code");
    wanted.insert(std::move(code));
  }
  if (wanted == events) co_return ok_status();
  co_return co_await set_events(std::move(wanted), deadline());
}

asio::awaitable<result<control_reply>> control_connection::state::wait_for_event(
    std::function<bool(const control_reply&)> match, std::chrono::milliseconds timeout) {
  if (closed) co_return *closed;
  const auto id = next_id++;
  auto slot = std::make_shared<waiter>(socket.get_executor());
  event_waiters.emplace(id, event_waiter{std::move(match), slot});
  error timed_out = make_error(tor::errc::tor_control_timeout, "the awaited tor event did not come within " +
                                                         std::to_string(timeout.count()) + " ms");
  auto outcome = co_await await_outcome(slot, control_clock::now() + timeout, std::move(timed_out));
  event_waiters.erase(id);
  co_return outcome;
}

}  // namespace hrn::tor
