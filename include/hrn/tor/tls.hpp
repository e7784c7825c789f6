#pragma once
// TLS on top of an already connected stream (direct, or through Tor's SOCKS
// port): TLS 1.2 or newer, SNI, the certificate chain verified against the
// system store plus an optional extra CA file, and the host name checked
// (RFC 6125 via OpenSSL's X509_check_host).

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "hrn/util/result.hpp"

namespace hrn::tor {

using tls_stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

struct tls_options {
  std::string ca_file;  // extra trusted CAs (PEM); the system store is always used
  bool use_system_store = true;
};

// A client context configured once and shared by every connection. It keeps
// no TLS session for later: each connection makes a full handshake, so no
// session ID or ticket ties one lookup's connection to another's.
// Throws std::runtime_error on start-up failures (unreadable CA file).
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const tls_options& options);

// Error codes: tls_verify_failed (certificate chain or host name; the message
// says which), tls_handshake_failed, upstream_timeout. `alpn` lists the
// application protocols offered, most wanted first (RFC 7301), e.g.
// {"h2", "http/1.1"}; empty offers none.
boost::asio::awaitable<result<std::unique_ptr<tls_stream>>> tls_connect(
    boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& context,
    const std::string& host, std::chrono::milliseconds timeout,
    std::vector<std::string> alpn = {});

// The protocol the server chose by ALPN, or "" when it chose none.
std::string negotiated_alpn(tls_stream& stream);

}  // namespace hrn::tor
