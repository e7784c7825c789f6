// The values inside the replies the client relies on: PROTOCOLINFO (§3.21),
// AUTHCHALLENGE (§3.24), GETINFO (§3.9), ADD_ONION (§3.27), the bootstrap
// status (§4.1.10) and HS_DESC events (§4.1.25).
#include <charconv>
#include <string>

#include "hrn/tor/control_wire.hpp"
#include "hrn/tor/errors.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::tor {
namespace {

error protocol_error(std::string what) {
  return make_error(tor::errc::tor_control_protocol, "the control port sent " + what);
}

error missing(std::string_view command, std::string_view what) {
  return make_error(tor::errc::tor_control_error, "tor's reply to " + std::string(command) + " lacks " +
                                             std::string(what));
}

std::optional<int> parse_small_uint(std::string_view text, int max) {
  int value = 0;
  if (text.empty() || text.size() > 9) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0 || value > max)
    return std::nullopt;
  return value;
}

template <std::size_t N>
bool hex_to_array(std::string_view hex, std::array<std::uint8_t, N>& out) {
  const auto decoded = from_hex(hex);
  if (!decoded || decoded->size() != N) return false;
  std::copy(decoded->begin(), decoded->end(), out.begin());
  return true;
}

// "KEY=VALUE" with VALUE taken verbatim to the end of the line (§3.9).
std::optional<std::pair<std::string, std::string>> split_key_value(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) return std::nullopt;
  return std::pair<std::string, std::string>(text.substr(0, eq), text.substr(eq + 1));
}

bool is_base32_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); }

bool is_base64_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '=';
}

}  // namespace

bool protocol_info::offers(std::string_view method) const {
  for (const auto& m : auth_methods)
    if (m == method) return true;
  return false;
}

result<protocol_info> parse_protocol_info(const control_reply& reply) {
  if (!reply.is_success()) return control_reply_error(reply, "PROTOCOLINFO");
  protocol_info info;
  bool saw_header = false, saw_auth = false;
  for (const auto& line : reply.lines) {
    auto args = parse_control_arguments(line.text);
    if (!args) return std::move(args).err();
    if (args->positional.empty()) continue;
    const auto& keyword = args->positional.front();
    // §3.21: InfoLines come in any order; unknown keywords and extra data are ignored.
    if (keyword == "PROTOCOLINFO") {
      saw_header = true;
    } else if (keyword == "AUTH") {
      saw_auth = true;
      if (const auto* methods = args->find("METHODS")) {
        std::string_view rest(*methods);
        while (!rest.empty()) {
          const auto comma = rest.find(',');
          const auto m = rest.substr(0, comma);
          if (!m.empty()) info.auth_methods.emplace_back(m);
          rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
        }
      }
      if (const auto* file = args->find("COOKIEFILE")) info.cookie_file = *file;
    } else if (keyword == "VERSION") {
      if (const auto* v = args->find("Tor")) info.tor_version = *v;
    }
  }
  if (!saw_header) return protocol_error("a PROTOCOLINFO reply without its PROTOCOLINFO line");
  if (!saw_auth || info.auth_methods.empty())
    return protocol_error("a PROTOCOLINFO reply without AUTH METHODS");
  return info;
}

result<auth_challenge> parse_auth_challenge(const control_reply& reply) {
  if (!reply.is_success()) return control_reply_error(reply, "AUTHCHALLENGE");
  auto args = parse_control_arguments(reply.end_text());
  if (!args) return std::move(args).err();
  if (args->positional.empty() || args->positional.front() != "AUTHCHALLENGE")
    return protocol_error("an AUTHCHALLENGE reply without its AUTHCHALLENGE keyword");
  auth_challenge out;
  const auto* hash = args->find("SERVERHASH");
  const auto* nonce = args->find("SERVERNONCE");
  // §3.24: ServerHash and ServerNonce are 64 hex digits (32 bytes) each.
  if (!hash || !hex_to_array(*hash, out.server_hash))
    return protocol_error("an AUTHCHALLENGE reply without a 32-byte SERVERHASH");
  if (!nonce || !hex_to_array(*nonce, out.server_nonce))
    return protocol_error("an AUTHCHALLENGE reply without a 32-byte SERVERNONCE");
  return out;
}

result<std::vector<std::pair<std::string, std::string>>> parse_getinfo(const control_reply& reply) {
  if (!reply.is_success()) return control_reply_error(reply, "GETINFO");
  std::vector<std::pair<std::string, std::string>> values;
  for (std::size_t i = 0; i + 1 < reply.lines.size(); ++i) {
    const auto& line = reply.lines[i];
    auto kv = split_key_value(line.text);
    if (!kv) return protocol_error("a GETINFO line that is not KEY=VALUE");
    // "250+key=" then the value as a data block (§3.9).
    if (line.kind == '+') kv->second = line.data;
    values.push_back(std::move(*kv));
  }
  return values;
}

result<bootstrap_phase> parse_bootstrap_phase(std::string_view text) {
  auto args = parse_control_arguments(text);
  if (!args) return std::move(args).err();
  const auto& words = args->positional;
  if (words.size() < 2 || words[1] != "BOOTSTRAP")
    return protocol_error("a bootstrap status that is not \"SEVERITY BOOTSTRAP …\"");
  bootstrap_phase phase;
  // §4.1.10: severity WARN marks a bootstrap problem (ERR is worse still).
  phase.problem = words[0] != "NOTICE";
  const auto* progress = args->find("PROGRESS");
  const auto value = progress ? parse_small_uint(*progress, 100) : std::nullopt;
  if (!value) return protocol_error("a bootstrap status without PROGRESS=0..100");
  phase.progress = *value;
  if (const auto* v = args->find("TAG")) phase.tag = *v;
  if (const auto* v = args->find("SUMMARY")) phase.summary = *v;
  if (const auto* v = args->find("WARNING")) phase.warning = *v;
  if (const auto* v = args->find("REASON")) phase.reason = *v;
  if (const auto* v = args->find("RECOMMENDATION")) phase.recommendation = *v;
  if (const auto* v = args->find("HOSTADDR")) phase.host_addr = *v;
  if (const auto* v = args->find("COUNT")) phase.count = parse_small_uint(*v, 1'000'000'000).value_or(0);
  return phase;
}

std::optional<bootstrap_phase> parse_bootstrap_event(const control_reply& event) {
  if (!event.is_event() || event.lines.empty()) return std::nullopt;
  std::string_view text = event.lines.front().text;
  constexpr std::string_view prefix = "STATUS_CLIENT ";
  if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
  text.remove_prefix(prefix.size());
  auto phase = parse_bootstrap_phase(text);
  if (!phase) return std::nullopt;
  return std::move(*phase);
}

result<added_onion> parse_add_onion(const control_reply& reply) {
  if (!reply.is_success()) return control_reply_error(reply, "ADD_ONION");
  added_onion out;
  for (std::size_t i = 0; i + 1 < reply.lines.size(); ++i) {
    auto kv = split_key_value(reply.lines[i].text);
    if (!kv) continue;  // ClientAuth lines and future additions
    if (kv->first == "ServiceID") out.service_id = std::move(kv->second);
    else if (kv->first == "PrivateKey") out.private_key = std::move(kv->second);
  }
  if (out.service_id.empty()) return missing("ADD_ONION", "a ServiceID");
  if (!is_v3_service_id(out.service_id))
    return protocol_error("an ADD_ONION ServiceID that is not a v3 onion address");
  if (out.private_key && !is_ed25519_v3_key(*out.private_key))
    return protocol_error("an ADD_ONION PrivateKey that is not ED25519-V3:<base64>");
  return out;
}

std::optional<hs_desc_event> parse_hs_desc_event(const control_reply& event) {
  if (!event.is_event() || event.lines.empty()) return std::nullopt;
  auto args = parse_control_arguments(event.lines.front().text);
  if (!args || args->positional.size() < 3 || args->positional[0] != "HS_DESC") return std::nullopt;
  hs_desc_event out;
  out.action = args->positional[1];
  out.address = args->positional[2];
  if (args->positional.size() > 3) out.auth_type = args->positional[3];
  if (args->positional.size() > 4) out.hs_dir = args->positional[4];
  if (const auto* reason = args->find("REASON")) out.reason = *reason;
  return out;
}

bool is_v3_service_id(std::string_view id) {
  if (id.size() != 56) return false;
  for (char c : id)
    if (!is_base32_lower(c)) return false;
  return true;
}

bool is_ed25519_v3_key(std::string_view key) {
  constexpr std::string_view prefix = "ED25519-V3:";
  if (key.substr(0, prefix.size()) != prefix) return false;
  const auto blob = key.substr(prefix.size());
  // 64 bytes in base64 with padding are 88 characters.
  if (blob.size() != 88) return false;
  for (char c : blob)
    if (!is_base64_char(c)) return false;
  return true;
}

error control_reply_error(const control_reply& reply, std::string_view command) {
  std::string text(reply.end_text());
  if (text.size() > 200) text.resize(200);
  const std::string said = std::to_string(reply.status) + (text.empty() ? "" : " " + text);
  // §4: 514 Authentication required, 515 Bad authentication.
  if (reply.status == 514 || reply.status == 515)
    return make_error(tor::errc::tor_auth_failed, "tor refused " + std::string(command) + ": " + said);
  return make_error(tor::errc::tor_control_error, "tor refused " + std::string(command) + ": " + said);
}

}  // namespace hrn::tor
