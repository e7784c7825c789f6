// Authentication (control-spec §3.5 AUTHENTICATE, §3.21 PROTOCOLINFO,
// §3.24 AUTHCHALLENGE, §5.1). Tor closes the connection after one failed
// AUTHENTICATE, so we pick one method up front instead of trying several.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "control_state.hpp"
#include "hrn/tor/errors.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::tor {
namespace asio = boost::asio;

namespace {

// §3.24: the two HMAC keys, byte for byte.
constexpr std::string_view server_to_controller_key =
    "Tor safe cookie authentication server-to-controller hash";
constexpr std::string_view controller_to_server_key =
    "Tor safe cookie authentication controller-to-server hash";

std::array<std::uint8_t, 32> hmac_sha256(std::string_view key, const bytes& message) {
  std::array<std::uint8_t, 32> out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), message.data(), message.size(),
       out.data(), &length);
  return out;
}

error auth_error(std::string message) { return make_error(tor::errc::tor_auth_failed, std::move(message)); }

// §3.21: "Controllers MUST NOT use the contents of a non-32-byte-long file as
// an authentication cookie" — so we never send (or hash) anything else.
result<bytes> read_cookie(const std::string& path) {
  if (path.empty())
    return auth_error("tor offers cookie authentication but names no cookie file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return auth_error("cannot read tor's auth cookie " + path + ": " + std::strerror(errno) +
                      " (run the relay as a user that may read tor's DataDirectory)");
  bytes cookie(33);
  in.read(reinterpret_cast<char*>(cookie.data()), static_cast<std::streamsize>(cookie.size()));
  cookie.resize(static_cast<std::size_t>(in.gcount()));
  if (cookie.size() != 32)
    return auth_error(path + " is not a tor auth cookie (" +
                      (cookie.size() > 32 ? std::string("over 32") : std::to_string(cookie.size())) +
                      " bytes, not 32)");
  return cookie;
}

asio::awaitable<status> authenticate_with(std::shared_ptr<control_connection::state> s,
                                          std::string argument, control_clock::time_point deadline) {
  std::string line = "AUTHENTICATE";
  if (!argument.empty()) {
    line += ' ';
    line += argument;
  }
  auto reply = co_await s->exchange(std::move(line), deadline);
  if (!reply) co_return std::move(reply).err();
  if (reply->is_success()) co_return ok_status();
  // §3.5: 515 Bad authentication; tor closes the connection after it.
  auto refused = control_reply_error(*reply, "AUTHENTICATE");
  refused.code = "tor_auth_failed";
  co_return refused;
}

asio::awaitable<status> safecookie(std::shared_ptr<control_connection::state> s, bytes cookie,
                                   std::string path, control_clock::time_point deadline) {
  std::array<std::uint8_t, 32> client_nonce{};
  if (RAND_bytes(client_nonce.data(), static_cast<int>(client_nonce.size())) != 1)
    co_return auth_error("no randomness for the SAFECOOKIE client nonce");
  std::string challenge_line = "AUTHCHALLENGE SAFECOOKIE " + to_hex(client_nonce);
  auto reply = co_await s->exchange(std::move(challenge_line), deadline);
  if (!reply) co_return std::move(reply).err();
  auto challenge = parse_auth_challenge(*reply);
  if (!challenge) co_return std::move(challenge).err();
  const auto hashes = compute_safecookie_hashes(cookie, client_nonce, challenge->server_nonce);
  // The server proves it knows the cookie before we prove we do: a port that
  // is not our tor learns nothing usable. Compared in constant time.
  if (CRYPTO_memcmp(hashes.server_to_controller.data(), challenge->server_hash.data(), 32) != 0)
    co_return auth_error("the control port's SAFECOOKIE proof does not match the cookie in " + path +
                         ": it is not the tor that wrote that cookie");
  std::string proof = to_hex(hashes.controller_to_server);
  co_return co_await authenticate_with(s, std::move(proof), deadline);
}

}  // namespace

safecookie_hashes compute_safecookie_hashes(std::span<const std::uint8_t> cookie,
                                            std::span<const std::uint8_t> client_nonce,
                                            std::span<const std::uint8_t> server_nonce) {
  bytes message(cookie.begin(), cookie.end());
  message.insert(message.end(), client_nonce.begin(), client_nonce.end());
  message.insert(message.end(), server_nonce.begin(), server_nonce.end());
  safecookie_hashes out;
  out.server_to_controller = hmac_sha256(server_to_controller_key, message);
  out.controller_to_server = hmac_sha256(controller_to_server_key, message);
  return out;
}

asio::awaitable<status> authenticate(std::shared_ptr<control_connection::state> s,
                                     control_clock::time_point deadline) {
  std::string protocolinfo = "PROTOCOLINFO 1";
  auto reply = co_await s->exchange(std::move(protocolinfo), deadline);
  if (!reply) co_return std::move(reply).err();
  auto info = parse_protocol_info(*reply);
  if (!info) co_return std::move(info).err();
  s->info = std::move(*info);
  const auto& pi = s->info;

  // Preference: SAFECOOKIE (proves knowledge of the cookie without showing
  // it, §3.24), COOKIE (deprecated, §3.21), HASHEDPASSWORD, NULL.
  std::string cookie_problem;
  if (pi.offers("SAFECOOKIE") || pi.offers("COOKIE")) {
    const std::string path = s->options.cookie_file.empty() ? pi.cookie_file : s->options.cookie_file;
    auto cookie = read_cookie(path);
    if (cookie && pi.offers("SAFECOOKIE")) {
      s->method = control_auth::safecookie;
      co_return co_await safecookie(s, std::move(*cookie), path, deadline);
    }
    if (cookie) {
      s->method = control_auth::cookie;
      std::string cookie_hex = to_hex(*cookie);
      co_return co_await authenticate_with(s, std::move(cookie_hex), deadline);
    }
    cookie_problem = cookie.err().message;
  }
  if (pi.offers("HASHEDPASSWORD") && !s->options.password.empty()) {
    for (char c : s->options.password)
      if (c == '\r' || c == '\n' || c == '\0')
        co_return auth_error("the tor control password contains CR, LF or NUL");
    s->method = control_auth::hashed_password;
    std::string quoted = quote_string(s->options.password);
    co_return co_await authenticate_with(s, std::move(quoted), deadline);
  }
  if (pi.offers("NULL")) {
    // §3.5: AUTHENTICATE is required even when tor needs no credentials.
    s->method = control_auth::null;
    std::string nothing;
    co_return co_await authenticate_with(s, std::move(nothing), deadline);
  }
  std::string offered;
  for (const auto& m : pi.auth_methods) offered += (offered.empty() ? "" : ",") + m;
  std::string why = "tor's control port accepts " + offered + " and none of them is usable";
  if (!cookie_problem.empty()) why += ": " + cookie_problem;
  else if (pi.offers("HASHEDPASSWORD")) why += ": tor wants its control password, and none is set";
  co_return auth_error(why);
}

}  // namespace hrn::tor
