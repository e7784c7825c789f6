// ADD_ONION (§3.27), DEL_ONION (§3.28) and waiting for the descriptor upload
// (§4.1.25 HS_DESC UPLOADED).
#include <string>
#include <utility>

#include "control_onion_key.hpp"
#include "control_state.hpp"
#include "hrn/tor/errors.hpp"

namespace hrn::tor {
namespace asio = boost::asio;

namespace {

bool is_target_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == ':' || c == '-';
}

result<std::string> port_arguments(const std::vector<onion_port>& ports) {
  if (ports.empty()) return make_error(tor::errc::bad_argument, "an onion service needs at least one port");
  std::string out;
  for (const auto& p : ports) {
    if (p.virtual_port == 0 || p.target.port == 0 || p.target.host.empty())
      return make_error(tor::errc::bad_argument, "an onion service port needs a virtual port and a target");
    for (char c : p.target.host)
      if (!is_target_host_char(c))
        return make_error(tor::errc::bad_argument, "onion service target '" + p.target.host +
                                              "' is not an address");
    // §3.27: Port=VirtPort[,Target], Target as in HiddenServicePort.
    out += " Port=" + std::to_string(p.virtual_port) + "," + p.target.to_string();
  }
  return out;
}

}  // namespace

asio::awaitable<result<onion_service>> control_connection::state::add_onion(onion_request request) {
  auto ports = port_arguments(request.ports);
  if (!ports) co_return std::move(ports).err();
  // Before ADD_ONION, so the upload event cannot come before we listen for it.
  std::vector<std::string> hs_desc{"HS_DESC"};
  if (auto on = co_await enable_events(std::move(hs_desc)); !on) co_return std::move(on).err();

  std::string key_argument;
  bool creating = false;
  std::filesystem::path key_file;
  if (request.state_dir.empty()) {
    // Nowhere to keep the key: a one-off address, and tor keeps no copy either.
    key_argument = "NEW:ED25519-V3 Flags=DiscardPK";
  } else {
    key_file = onion_key_path(request.state_dir);
    auto stored = read_onion_key(key_file);
    if (!stored) co_return std::move(stored).err();
    creating = !stored->has_value();
    // No DiscardPK on NEW: the returned key is what keeps the address across restarts.
    key_argument = creating ? std::string("NEW:ED25519-V3") : std::move(**stored);
  }

  std::string line = "ADD_ONION " + key_argument + *ports;
  auto reply = co_await run(std::move(line), deadline());
  if (!reply) co_return std::move(reply).err();
  auto added = parse_add_onion(*reply);
  if (!added) co_return std::move(added).err();
  own_services.insert(added->service_id);

  if (creating) {
    status stored = added->private_key
                        ? write_onion_key(key_file, *added->private_key)
                        : status(make_error(tor::errc::onion_key_unusable,
                                            "tor did not return the new onion key, so the address "
                                            "could not be kept across restarts"));
    if (!stored) {
      // A service whose key is lost would get a new address on the next
      // start; take it down rather than publish an address we cannot keep.
      (void)co_await del_onion(added->service_id);
      co_return std::move(stored).err();
    }
  }
  co_return onion_service{added->service_id, creating};
}

asio::awaitable<status> control_connection::state::del_onion(std::string service_id) {
  if (!is_v3_service_id(service_id))
    co_return make_error(tor::errc::bad_argument, "'" + service_id + "' is not a v3 onion service id");
  std::string line = "DEL_ONION " + service_id;
  auto reply = co_await run(std::move(line), deadline());
  if (!reply) co_return std::move(reply).err();
  own_services.erase(service_id);
  published.erase(service_id);
  co_return ok_status();
}

asio::awaitable<status> control_connection::state::wait_for_publication(
    std::string service_id, std::chrono::milliseconds timeout) {
  if (!own_services.count(service_id))
    co_return make_error(tor::errc::bad_argument, "onion service " + service_id +
                                             " was not added on this control connection");
  if (published.count(service_id)) co_return ok_status();
  std::function<bool(const control_reply&)> uploaded_event = [service_id](const control_reply& event) {
    const auto hs = parse_hs_desc_event(event);
    return hs && hs->action == "UPLOADED" && hs->address == service_id;
  };
  auto uploaded = co_await wait_for_event(std::move(uploaded_event), timeout);
  if (!uploaded) {
    auto e = std::move(uploaded).err();
    if (e.code == tor::errc::tor_control_timeout)
      e.message = "tor has not uploaded the descriptor of " + service_id + ".onion within " +
                  std::to_string(timeout.count() / 1000) + " s (has tor bootstrapped to 100%?)";
    co_return e;
  }
  co_return ok_status();
}

}  // namespace hrn::tor
