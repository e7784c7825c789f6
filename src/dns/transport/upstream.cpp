#include "hrn/dns/transport/upstream.hpp"

#include "hrn/dns/transport/errors.hpp"
#include "hrn/util/host_port.hpp"

namespace hrn::dns {
namespace {

error bad(std::string_view url, std::string_view why) {
  std::string m = "upstream '";
  m.append(url).append("': ").append(why).append(
      " (expected tcp://HOST:PORT, https://HOST[:PORT]/PATH or http://X.onion[:PORT]/PATH)");
  return make_error(dns::transport::errc::bad_upstream, std::move(m));
}

}  // namespace

std::string upstream::to_string() const {
  host_port hp{host, port};
  switch (proto) {
    case protocol::tcp: return "tcp://" + hp.to_string();
    case protocol::https: return "https://" + hp.to_string() + path;
    case protocol::http: return "http://" + hp.to_string() + path;
  }
  return {};
}

std::string upstream::authority() const {
  const std::uint16_t default_port = proto == protocol::http ? 80 : 443;
  host_port hp{host, port};
  if (port != default_port) return hp.to_string();
  const auto text = hp.to_string();
  return text.substr(0, text.rfind(':'));
}

bool upstream::is_onion() const {
  std::string lower;
  for (char c : host) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  if (lower.ends_with('.')) lower.pop_back();
  return lower.ends_with(".onion");
}

result<upstream> parse_upstream(std::string_view url) {
  upstream u;
  std::string_view rest;
  if (url.starts_with("tcp://")) {
    u.proto = upstream::protocol::tcp;
    rest = url.substr(6);
    if (rest.find('/') != std::string_view::npos) return bad(url, "tcp upstreams take no path");
    auto hp = parse_host_port(rest);
    if (!hp) return bad(url, "needs HOST:PORT");
    u.host = hp->host;
    u.port = hp->port;
  } else if (url.starts_with("https://") || url.starts_with("http://")) {
    const bool tls = url.starts_with("https://");
    u.proto = tls ? upstream::protocol::https : upstream::protocol::http;
    rest = url.substr(tls ? 8 : 7);
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) return bad(url, "needs a path such as /dns-query");
    auto authority = rest.substr(0, slash);
    u.path = std::string(rest.substr(slash));
    for (char c : u.path)
      if (static_cast<unsigned char>(c) <= ' ' || c == '#' || static_cast<unsigned char>(c) >= 0x7f)
        return bad(url, "path has a character that is not allowed");
    const bool has_port = authority.starts_with('[')
                              ? authority.find("]:") != std::string_view::npos
                              : authority.find(':') != std::string_view::npos;
    auto hp = parse_host_port(has_port ? std::string(authority)
                                       : std::string(authority) + (tls ? ":443" : ":80"));
    if (!hp) return bad(url, "bad host or port");
    u.host = hp->host;
    u.port = hp->port;
    if (!tls && !u.is_onion())
      return bad(url, "plain http:// is only for .onion hosts (anywhere else use https://)");
  } else {
    return bad(url, "unknown scheme");
  }
  if (u.port == 0) return bad(url, "port 0");
  return u;
}

}  // namespace hrn::dns
