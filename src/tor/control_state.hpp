#pragma once
// Private: what a control_connection shares with its background reader and
// writer. Every member is touched from the connection's executor only.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "hrn/tor/control.hpp"

namespace hrn::tor {

using control_clock = std::chrono::steady_clock;

struct control_connection::state : std::enable_shared_from_this<control_connection::state> {
  // One caller waiting for one reply or event. The timer doubles as the
  // deadline and as the wake-up: whoever fills `outcome` cancels it.
  struct waiter {
    explicit waiter(const boost::asio::any_io_executor& ex) : wake(ex) {}
    std::optional<result<control_reply>> outcome;
    boost::asio::steady_timer wake;
    bool abandoned = false;  // the caller gave up; its reply is read and dropped
  };
  struct event_waiter {
    std::function<bool(const control_reply&)> match;
    std::shared_ptr<waiter> slot;
  };

  state(boost::asio::any_io_executor ex, control_options o);

  boost::asio::ip::tcp::socket socket;
  control_options options;
  control_reply_reader reader;
  std::deque<std::shared_ptr<waiter>> replies;  // commands sent, oldest first
  std::deque<std::string> outbox;
  bool writing = false;
  std::map<std::size_t, std::function<void(const control_reply&)>> subscribers;
  std::map<std::size_t, event_waiter> event_waiters;
  std::size_t next_id = 1;
  std::optional<error> closed;  // why the connection ended
  std::set<std::string> events;
  std::set<std::string> own_services;  // added here, so their HS_DESC matter
  std::set<std::string> published;     // own services tor reported UPLOADED
  protocol_info info;
  control_auth method = control_auth::null;

  void start_reading();
  // Writes `line` + CRLF and waits for the reply until `deadline`. Only
  // transport failures are errors here; the reply may be 4xx/5xx.
  boost::asio::awaitable<result<control_reply>> exchange(std::string line,
                                                         control_clock::time_point deadline);
  // exchange(), with a non-2xx reply turned into its error.
  boost::asio::awaitable<result<control_reply>> run(std::string line,
                                                    control_clock::time_point deadline);
  boost::asio::awaitable<status> set_events(std::set<std::string> wanted,
                                            control_clock::time_point deadline);
  // The operations behind control_connection's members. They live here so
  // that an operation keeps working on the state (held by the caller's
  // shared_ptr) even if the control_connection object goes away meanwhile,
  // as managed_tor's does when tor restarts: it then fails cleanly with
  // tor_control_unavailable instead of touching a destroyed object.
  boost::asio::awaitable<result<std::vector<std::pair<std::string, std::string>>>> get_info(
      std::vector<std::string> keys);
  boost::asio::awaitable<result<std::string>> get_info_value(std::string key);
  boost::asio::awaitable<result<bootstrap_phase>> bootstrap_status();
  boost::asio::awaitable<status> enable_events(std::vector<std::string> codes);
  boost::asio::awaitable<result<control_reply>> wait_for_event(
      std::function<bool(const control_reply&)> match, std::chrono::milliseconds timeout);
  boost::asio::awaitable<result<onion_service>> add_onion(onion_request request);
  boost::asio::awaitable<status> del_onion(std::string service_id);
  boost::asio::awaitable<status> wait_for_publication(std::string service_id,
                                                      std::chrono::milliseconds timeout);

  void dispatch(control_reply reply);
  void shut(error why);
  control_clock::time_point deadline() const { return control_clock::now() + options.timeout; }
};

// Waits until `slot` has an outcome or `deadline` passes (then `on_timeout`).
boost::asio::awaitable<result<control_reply>> await_outcome(
    std::shared_ptr<control_connection::state::waiter> slot, control_clock::time_point deadline,
    error on_timeout);

// PROTOCOLINFO then AUTHENTICATE (control_auth.cpp).
boost::asio::awaitable<status> authenticate(std::shared_ptr<control_connection::state> s,
                                            control_clock::time_point deadline);

// A value we put on a command line must not end it early or split it into
// words: CR, LF, NUL and (for bare words) spaces are refused (bad_argument).
status check_word(std::string_view value, std::string_view what);

}  // namespace hrn::tor
