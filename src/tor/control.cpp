// The control connection's core: connect, the background reader that sorts
// replies from events, the ordered writer, and command/reply matching.
#include <array>
#include <string>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "control_state.hpp"
#include "hrn/dns/transport/deadline.hpp"
#include "hrn/tor/errors.hpp"

namespace hrn::tor {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

// The command's keyword only: arguments may be secrets (keys, cookies).
std::string keyword_of(std::string_view line) { return std::string(line.substr(0, line.find(' '))); }

std::string seconds(std::chrono::milliseconds d) {
  return std::to_string(d.count() / 1000) + "." + std::to_string(d.count() % 1000 / 100) + " s";
}

asio::awaitable<void> read_loop(std::shared_ptr<control_connection::state> self) {
  std::array<char, 16384> buffer;
  for (;;) {
    auto [ec, n] = co_await self->socket.async_read_some(asio::buffer(buffer), nothrow);
    if (ec) {
      self->shut(make_error(tor::errc::tor_control_unavailable,
                            ec == asio::error::eof ? "tor closed the control connection"
                                                   : "the control connection failed: " + ec.message()));
      co_return;
    }
    self->reader.feed(std::string_view(buffer.data(), n));
    for (;;) {
      if (self->closed) co_return;
      auto next = self->reader.next();
      if (!next) {
        self->shut(std::move(next).err());
        co_return;
      }
      if (!*next) break;
      self->dispatch(std::move(**next));
    }
  }
}

asio::awaitable<void> write_loop(std::shared_ptr<control_connection::state> self) {
  while (!self->outbox.empty() && !self->closed) {
    const std::string bytes = std::move(self->outbox.front());
    self->outbox.pop_front();
    auto [ec, n] = co_await asio::async_write(self->socket, asio::buffer(bytes), nothrow);
    if (ec) {
      self->shut(make_error(tor::errc::tor_control_unavailable,
                            "writing to the control connection failed: " + ec.message()));
      break;
    }
  }
  self->writing = false;
}

}  // namespace

const char* to_string(control_auth method) {
  switch (method) {
    case control_auth::safecookie: return "SAFECOOKIE";
    case control_auth::cookie: return "COOKIE";
    case control_auth::hashed_password: return "HASHEDPASSWORD";
    case control_auth::null: return "NULL";
  }
  return "?";
}

std::filesystem::path onion_key_path(const std::filesystem::path& state_dir) {
  return state_dir / "onion_key";
}

status check_word(std::string_view value, std::string_view what) {
  if (value.empty()) return make_error(tor::errc::bad_argument, "empty " + std::string(what));
  for (char c : value)
    if (c == '\r' || c == '\n' || c == '\0' || c == ' ')
      return make_error(tor::errc::bad_argument, std::string(what) + " contains a space or a control character");
  return ok_status();
}

control_connection::state::state(asio::any_io_executor ex, control_options o)
    : socket(ex), options(std::move(o)), reader(options.max_reply_bytes) {}

void control_connection::state::start_reading() {
  asio::co_spawn(socket.get_executor(), read_loop(shared_from_this()), asio::detached);
}

asio::awaitable<result<control_reply>> await_outcome(
    std::shared_ptr<control_connection::state::waiter> slot, control_clock::time_point deadline,
    error on_timeout) {
  slot->wake.expires_at(deadline);
  // Single-threaded: nothing can fill the slot between this check and the wait.
  if (!slot->outcome) co_await slot->wake.async_wait(nothrow);
  if (slot->outcome) co_return std::move(*slot->outcome);
  slot->abandoned = true;
  co_return on_timeout;
}

asio::awaitable<result<control_reply>> control_connection::state::exchange(
    std::string line, control_clock::time_point deadline) {
  if (closed) co_return *closed;
  for (char c : line)
    if (c == '\r' || c == '\n' || c == '\0')
      co_return make_error(tor::errc::bad_argument, "a control command may not contain CR, LF or NUL");
  auto keep = shared_from_this();  // the caller may drop the connection meanwhile
  auto slot = std::make_shared<waiter>(socket.get_executor());
  // The reply slot and the bytes are queued together, so slots stay in the
  // order tor will answer (§2.3: replies come in command order).
  replies.push_back(slot);
  const std::string keyword = keyword_of(line);
  line += "\r\n";
  outbox.push_back(std::move(line));
  if (!writing) {
    writing = true;
    asio::co_spawn(socket.get_executor(), write_loop(keep), asio::detached);
  }
  const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - control_clock::now());
  // Named locals as coroutine arguments throughout: g++ 12 can mishandle
  // temporaries there.
  error timed_out = make_error(tor::errc::tor_control_timeout,
                               "tor did not answer " + keyword + " within " +
                                   seconds(std::max(limit, std::chrono::milliseconds(0))));
  co_return co_await await_outcome(slot, deadline, std::move(timed_out));
}

asio::awaitable<result<control_reply>> control_connection::state::run(
    std::string line, control_clock::time_point deadline) {
  const std::string keyword = keyword_of(line);
  auto reply = co_await exchange(std::move(line), deadline);
  if (!reply) co_return reply;
  if (!reply->is_success()) co_return control_reply_error(*reply, keyword);
  co_return reply;
}

void control_connection::state::dispatch(control_reply reply) {
  if (reply.is_event()) {
    if (auto hs = parse_hs_desc_event(reply); hs && hs->action == "UPLOADED" &&
                                              own_services.count(hs->address))
      published.insert(hs->address);
    // Copies: a handler may subscribe or unsubscribe while we iterate.
    const auto handlers = subscribers;
    for (const auto& [id, handler] : handlers) handler(reply);
    for (auto it = event_waiters.begin(); it != event_waiters.end();) {
      if (!it->second.slot->abandoned && !it->second.match(reply)) {
        ++it;
        continue;
      }
      if (!it->second.slot->abandoned) {
        it->second.slot->outcome = reply;
        it->second.slot->wake.cancel();
      }
      it = event_waiters.erase(it);
    }
    return;
  }
  if (replies.empty()) {
    shut(make_error(tor::errc::tor_control_protocol, "the control port sent a reply to no command"));
    return;
  }
  auto slot = std::move(replies.front());
  replies.pop_front();
  if (slot->abandoned) return;
  slot->outcome = std::move(reply);
  slot->wake.cancel();
}

void control_connection::state::shut(error why) {
  if (closed) return;
  closed = why;
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
  for (auto& slot : replies) {
    slot->outcome = why;
    slot->wake.cancel();
  }
  replies.clear();
  for (auto& [id, w] : event_waiters) {
    w.slot->outcome = why;
    w.slot->wake.cancel();
  }
  event_waiters.clear();
  outbox.clear();
}

asio::awaitable<result<control_connection>> control_connection::connect(asio::any_io_executor executor,
                                                                         control_options options) {
  boost::system::error_code bad;
  const auto ip = asio::ip::make_address(options.address.host, bad);
  if (bad || options.address.port == 0)
    co_return make_error(tor::errc::bad_address, "the tor control address must be IP:PORT (it is never "
                                        "resolved), not '" + options.address.to_string() + "'");
  const auto deadline = control_clock::now() + options.timeout;
  const std::string where = options.address.to_string();
  const auto timeout = options.timeout;
  auto s = std::make_shared<state>(executor, std::move(options));
  const tcp::endpoint endpoint(ip, s->options.address.port);
  auto connected = co_await dns::with_deadline(s->socket.async_connect(endpoint, nothrow), timeout);
  if (!connected)
    co_return make_error(tor::errc::tor_control_timeout, "connecting to tor's control port " + where +
                                                    " took longer than " + seconds(timeout));
  if (auto [ec] = *connected; ec)
    co_return make_error(tor::errc::tor_control_unavailable, "cannot connect to tor's control port " + where +
                                                        ": " + ec.message() +
                                                        " (is tor running with ControlPort " +
                                                        where + "?)");
  // Commands are whole lines: send each at once, not after an ACK (Nagle).
  boost::system::error_code ignored;
  s->socket.set_option(tcp::no_delay(true), ignored);
  s->start_reading();
  auto authed = co_await authenticate(s, deadline);
  if (!authed) {
    s->shut(authed.err());
    co_return std::move(authed).err();
  }
  co_return control_connection(std::move(s));
}

control_connection::control_connection(std::shared_ptr<state> s) : state_(std::move(s)) {}
control_connection::control_connection(control_connection&&) noexcept = default;
control_connection& control_connection::operator=(control_connection&& other) noexcept {
  if (this != &other) {
    close();
    state_ = std::move(other.state_);
  }
  return *this;
}
control_connection::~control_connection() { close(); }

void control_connection::close() {
  if (state_) state_->shut(make_error(tor::errc::tor_control_unavailable, "the control connection was closed"));
}

bool control_connection::is_open() const { return state_ && !state_->closed; }
control_auth control_connection::auth_method() const { return state_->method; }
const protocol_info& control_connection::tor_info() const { return state_->info; }

// Each member copies state_ before its first suspension and never touches
// *this after it: the object may be gone by then (see control_state.hpp).
asio::awaitable<result<control_reply>> control_connection::command(std::string line) {
  auto s = state_;
  co_return co_await s->run(std::move(line), s->deadline());
}

asio::awaitable<result<std::vector<std::pair<std::string, std::string>>>> control_connection::get_info(
    std::vector<std::string> keys) {
  auto s = state_;
  co_return co_await s->get_info(std::move(keys));
}

asio::awaitable<result<std::string>> control_connection::get_info_value(std::string key) {
  auto s = state_;
  co_return co_await s->get_info_value(std::move(key));
}

asio::awaitable<result<bootstrap_phase>> control_connection::bootstrap_status() {
  auto s = state_;
  co_return co_await s->bootstrap_status();
}

asio::awaitable<status> control_connection::enable_events(std::vector<std::string> codes) {
  auto s = state_;
  co_return co_await s->enable_events(std::move(codes));
}

asio::awaitable<result<control_reply>> control_connection::wait_for_event(
    std::function<bool(const control_reply&)> match, std::chrono::milliseconds timeout) {
  auto s = state_;
  co_return co_await s->wait_for_event(std::move(match), timeout);
}

asio::awaitable<result<onion_service>> control_connection::add_onion(onion_request request) {
  auto s = state_;
  co_return co_await s->add_onion(std::move(request));
}

asio::awaitable<status> control_connection::del_onion(std::string service_id) {
  auto s = state_;
  co_return co_await s->del_onion(std::move(service_id));
}

asio::awaitable<status> control_connection::wait_for_publication(std::string service_id,
                                                                 std::chrono::milliseconds timeout) {
  auto s = state_;
  co_return co_await s->wait_for_publication(std::move(service_id), timeout);
}

std::size_t control_connection::subscribe(std::function<void(const control_reply&)> on_event) {
  const auto id = state_->next_id++;
  state_->subscribers.emplace(id, std::move(on_event));
  return id;
}

void control_connection::unsubscribe(std::size_t id) { state_->subscribers.erase(id); }

}  // namespace hrn::tor
