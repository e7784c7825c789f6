#include "hrn/cache/redis/url.hpp"

#include <arpa/inet.h>

#include <charconv>

#include "hrn/cache/redis/errors.hpp"

namespace hrn::cache::redis {
namespace {

constexpr std::string_view forms = "redis://HOST[:PORT][/DB], rediss://HOST[:PORT][/DB] or unix:///PATH[?db=N]";

error bad(std::string_view text, std::string_view why) {
  std::string message = "--redis '";
  message.append(text).append("': ").append(why).append(" (expected ").append(forms).append(")");
  return make_error(errc::bad_redis_url, std::move(message));
}

// A decimal number with no sign, no spaces and no leading '+'.
template <class T>
bool read_number(std::string_view digits, T& out) {
  if (digits.empty()) return false;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc{} && end == digits.data() + digits.size();
}

constexpr unsigned max_db = 2147483647;  // Redis reads `databases` as an int

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

// The user before '@'; a ':' in it is a password, refused.
result<std::string> take_user(std::string_view text, std::string_view& authority) {
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string();
  const auto userinfo = authority.substr(0, at);
  authority.remove_prefix(at + 1);
  if (userinfo.find(':') != std::string_view::npos)
    // The URL is not echoed: it holds the password.
    return make_error(errc::bad_redis_url,
                      "--redis: a password in the URL is refused (URLs end up in process lists and "
                      "logs); put it in the file named by --redis-password-file");
  if (userinfo.empty()) return bad(text, "empty user name before '@'");
  for (char c : userinfo)
    if (static_cast<unsigned char>(c) <= ' ' || c == '/' || c == '@' || c == 0x7f)
      return bad(text, "the user name has a space, control character, '/' or '@'");
  return std::string(userinfo);
}

result<url> parse_network(std::string_view text, std::string_view rest, url out) {
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view db_text = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  if (authority.find_first_of("?#") != std::string_view::npos || db_text.find_first_of("?#") != std::string_view::npos)
    return bad(text, "query strings and fragments are not allowed in redis:// URLs");

  auto user = take_user(text, authority);
  if (!user) return std::move(user).err();
  out.user = std::move(*user);

  std::string_view host, port_text;
  bool has_port = false;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad(text, "unclosed '[' around the IPv6 address");
    host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return bad(text, "only ':PORT' may follow ']'");
    has_port = !after.empty();
    if (has_port) port_text = after.substr(1);
    unsigned char buf[16];
    if (inet_pton(AF_INET6, std::string(host).c_str(), buf) != 1) {
      // Piece by piece: g++ 12 raises a false -Wrestrict on the operator+ chain.
      std::string why = "'";
      why.append(host).append("' in brackets is not an IPv6 address");
      return bad(text, why);
    }
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = authority.substr(colon + 1);
      if (port_text.find(':') != std::string_view::npos)
        return bad(text, "an IPv6 address must be in brackets, e.g. redis://[::1]:6379");
    }
    if (host.empty()) return bad(text, "no host");
    for (char c : host)
      if (!name_char(c)) return bad(text, "the host has a character other than letters, digits, '.', '-' and '_'");
  }
  if (host.empty()) return bad(text, "no host");
  out.host = std::string(host);

  if (has_port) {
    unsigned port = 0;
    if (!read_number(port_text, port) || port < 1 || port > 65535)
      return bad(text, "the port must be a number from 1 to 65535");
    out.port = static_cast<std::uint16_t>(port);
  }
  if (!db_text.empty() && (!read_number(db_text, out.db) || out.db > max_db))
    return bad(text, "the database after '/' must be a number from 0 to 2147483647");
  return out;
}

result<url> parse_unix(std::string_view text, std::string_view rest, url out) {
  // unix://[USER@]/PATH: the authority is what comes before the path's '/'.
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) return bad(text, "the socket path must be absolute (unix:///run/redis.sock)");
  std::string_view authority = rest.substr(0, slash);
  auto user = take_user(text, authority);
  if (!user) return std::move(user).err();
  if (!authority.empty()) return bad(text, "a unix socket URL has no host (three slashes: unix:///PATH)");
  out.user = std::move(*user);

  std::string_view path = rest.substr(slash);
  const auto question = path.find('?');
  if (question != std::string_view::npos) {
    const auto query = path.substr(question + 1);
    path = path.substr(0, question);
    if (!query.starts_with("db=")) return bad(text, "the only query parameter allowed is db=N");
    if (!read_number(query.substr(3), out.db) || out.db > max_db)
      return bad(text, "db= must be a number from 0 to 2147483647");
  }
  if (path.size() < 2) return bad(text, "no socket path");
  if (path.find('#') != std::string_view::npos || path.find('\0') != std::string_view::npos)
    return bad(text, "the socket path has a '#' or a NUL");
  out.path = std::string(path);
  return out;
}

}  // namespace

std::string url::to_string() const {
  const std::string user_part = user.empty() ? std::string() : user + "@";
  if (kind == transport::unix_socket) {
    std::string s = "unix://" + user_part + path;
    if (db != 0) s += "?db=" + std::to_string(db);
    return s;
  }
  // Appended piece by piece (see parse_network on g++ 12's -Wrestrict).
  std::string s = kind == transport::tls ? "rediss://" : "redis://";
  s += user_part;
  const bool v6 = host.find(':') != std::string::npos;
  if (v6) s += '[';
  s += host;
  if (v6) s += ']';
  s += ':';
  s += std::to_string(port);
  if (db != 0) {
    s += '/';
    s += std::to_string(db);
  }
  return s;
}

result<url> parse_url(std::string_view text) {
  url out;
  if (text.starts_with("redis://")) return parse_network(text, text.substr(8), out);
  if (text.starts_with("rediss://")) {
    out.kind = url::transport::tls;
    return parse_network(text, text.substr(9), out);
  }
  if (text.starts_with("unix://")) {
    out.kind = url::transport::unix_socket;
    return parse_unix(text, text.substr(7), out);
  }
  return bad(text, "unknown scheme");
}

}  // namespace hrn::cache::redis
