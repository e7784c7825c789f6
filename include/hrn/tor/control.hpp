#pragma once
// A client of tor's control port (torspec control-spec.txt): connect,
// authenticate, ask for the bootstrap state, publish the relay's onion
// service with a key kept in the state directory, and receive events.
// Replies are framed and parsed by control_wire.hpp.
//
// One connection carries one command at a time per caller, but callers may
// overlap: commands are written in order and tor answers in order (§2.3), so
// each waits for its own reply. Asynchronous 650 events may arrive between a
// command and its reply (§4.1); a background reader hands them to
// subscribers. Use the connection from one thread (a single-threaded
// io_context, as the relay runs, or a strand). An operation in flight keeps
// the connection's state alive by itself: destroying or closing the
// control_connection meanwhile makes it fail with tor_control_unavailable.
//
// Error codes (hrn::error::code):
//   tor_control_unavailable  cannot connect, or the connection closed
//   tor_control_timeout      the connection, authentication or a command
//                            did not finish by its deadline
//   tor_control_protocol     the peer does not speak the control protocol
//   tor_auth_failed          no usable authentication method, an unreadable
//                            cookie, a wrong password (515), or a SAFECOOKIE
//                            server proof that does not match the cookie
//   tor_control_error        tor refused a command (the message has tor's
//                            status and text), or a reply lacks a value
//   bad_address              the control address is not an IP literal
//   bad_argument             a value that cannot be put on a command line
//   onion_key_unusable       the onion key file cannot be read, is malformed
//                            or readable by others, or cannot be written

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "hrn/tor/control_wire.hpp"
#include "hrn/util/host_port.hpp"
#include "hrn/util/result.hpp"

namespace hrn::tor {

struct control_options {
  host_port address;         // an IP literal: the control port is local, never resolved
  std::string password;      // for HASHEDPASSWORD; "" when none is configured
  std::string cookie_file;   // overrides the path PROTOCOLINFO names ("" = tor's)
  // Bounds connect + authentication as a whole, and each command after.
  std::chrono::milliseconds timeout{10'000};
  std::size_t max_reply_bytes = default_max_control_reply_bytes;
};

// How the connection authenticated (§3.5, §3.21), best first.
enum class control_auth { safecookie, cookie, hashed_password, null };
const char* to_string(control_auth method);

// One TCP port of an onion service: VirtPort and its Target (§3.27 Port=).
struct onion_port {
  std::uint16_t virtual_port = 0;
  host_port target;  // where tor sends the service's streams, e.g. 127.0.0.1:8080
};

struct onion_request {
  std::vector<onion_port> ports;
  // The service key lives in state_dir/onion_key, so the address survives
  // restarts. "" publishes a throw-away address (Flags=DiscardPK).
  std::filesystem::path state_dir;
};

struct onion_service {
  std::string service_id;  // the address without ".onion"
  bool new_key = false;    // this call created (and stored) the key
  std::string address() const { return service_id + ".onion"; }
};

// state_dir/onion_key: one line "ED25519-V3:<base64>", mode 0600.
std::filesystem::path onion_key_path(const std::filesystem::path& state_dir);

class control_connection {
 public:
  // Connects to `options.address`, sends PROTOCOLINFO 1 and authenticates
  // with the best method tor offers that we can use: SAFECOOKIE, then COOKIE,
  // then HASHEDPASSWORD (when a password is set), then NULL.
  static boost::asio::awaitable<result<control_connection>> connect(
      boost::asio::any_io_executor executor, control_options options);

  control_connection(control_connection&&) noexcept;
  control_connection& operator=(control_connection&&) noexcept;
  ~control_connection();  // closes the connection (tor then drops its ADD_ONION services)

  bool is_open() const;
  control_auth auth_method() const;
  const protocol_info& tor_info() const;  // what PROTOCOLINFO said (tor's version, methods)

  // Sends one command line (without CRLF) and returns tor's reply. A 4xx/5xx
  // reply is an error (tor_control_error, or tor_auth_failed for 514/515).
  boost::asio::awaitable<result<control_reply>> command(std::string line);

  // GETINFO (§3.9): the values in the order asked; a multi-line value comes
  // back as its data block ("line\n" per line).
  boost::asio::awaitable<result<std::vector<std::pair<std::string, std::string>>>> get_info(
      std::vector<std::string> keys);
  boost::asio::awaitable<result<std::string>> get_info_value(std::string key);
  // GETINFO status/bootstrap-phase, parsed.
  boost::asio::awaitable<result<bootstrap_phase>> bootstrap_status();

  // Adds event codes to those this connection receives (SETEVENTS with the
  // union, §3.4: a SETEVENTS replaces the whole set, so the set is kept here).
  boost::asio::awaitable<status> enable_events(std::vector<std::string> codes);
  // Calls `on_event` for every 650 event until unsubscribed. Handlers run on
  // the reader: they must not block and must not throw.
  std::size_t subscribe(std::function<void(const control_reply&)> on_event);
  void unsubscribe(std::size_t id);
  // The first event after this call for which `match` is true, or
  // tor_control_timeout. Events must have been enabled.
  boost::asio::awaitable<result<control_reply>> wait_for_event(
      std::function<bool(const control_reply&)> match, std::chrono::milliseconds timeout);

  // Publishes a v3 onion service (§3.27). The first call with a state_dir
  // sends ADD_ONION NEW:ED25519-V3 (without DiscardPK), stores the returned
  // key in state_dir/onion_key (0600, written atomically), and later calls
  // send the stored key, so the ServiceID stays the same. An existing key
  // file that cannot be used is an error, never silently replaced: that would
  // change the published address.
  //
  // No Flags=Detach: the service lives as long as this control connection.
  // The relay keeps its connection for its whole life and calls del_onion on
  // shutdown; if the relay dies, tor removes the service by itself, so no
  // orphan address keeps pointing at a port nothing listens on.
  //
  // Also enables HS_DESC events, so wait_for_publication cannot miss the upload.
  boost::asio::awaitable<result<onion_service>> add_onion(onion_request request);
  // DEL_ONION (§3.28).
  boost::asio::awaitable<status> del_onion(std::string service_id);
  // Until tor reports "HS_DESC UPLOADED <id>" for a service added on this
  // connection (the descriptor reached an HSDir: clients can now find it).
  boost::asio::awaitable<status> wait_for_publication(std::string service_id,
                                                      std::chrono::milliseconds timeout);

  void close();

  struct state;  // shared with the background reader

 private:
  explicit control_connection(std::shared_ptr<state> s);
  std::shared_ptr<state> state_;
};

// SAFECOOKIE (§3.24): HMAC-SHA256 over CookieString | ClientNonce |
// ServerNonce, keyed with the two constant strings of the spec. Exposed so
// tests can check it against independently computed values.
struct safecookie_hashes {
  std::array<std::uint8_t, 32> server_to_controller{};
  std::array<std::uint8_t, 32> controller_to_server{};
};
safecookie_hashes compute_safecookie_hashes(std::span<const std::uint8_t> cookie,
                                            std::span<const std::uint8_t> client_nonce,
                                            std::span<const std::uint8_t> server_nonce);

}  // namespace hrn::tor
