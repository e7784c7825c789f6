#include "hrn/tor/tls.hpp"

#include "hrn/dns/transport/deadline.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/tor/errors.hpp"

#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace hrn::tor {
namespace asio = boost::asio;
namespace ssl = asio::ssl;

std::shared_ptr<ssl::context> make_tls_context(const tls_options& options) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  // TLS 1.0/1.1 are deprecated (RFC 8996).
  if (SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION) != 1)
    throw std::runtime_error("cannot require TLS 1.2");
  // No client-side session cache and no tickets: a resumed session (its ID or
  // ticket) would show the server that two connections are the same client,
  // linking lookups that Tor keeps on separate circuits (RFC 8446 §C.4: a
  // client that resumes is linkable across its connections).
  SSL_CTX_set_session_cache_mode(ctx->native_handle(), SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx->native_handle(), SSL_OP_NO_TICKET);
  ctx->set_verify_mode(ssl::verify_peer);
  if (options.use_system_store) ctx->set_default_verify_paths();
  if (!options.ca_file.empty()) {
    boost::system::error_code ec;
    ctx->load_verify_file(options.ca_file, ec);
    if (ec) throw std::runtime_error("cannot load CA file '" + options.ca_file + "': " + ec.message());
  }
  return ctx;
}

asio::awaitable<result<std::unique_ptr<tls_stream>>> tls_connect(asio::ip::tcp::socket socket,
                                                                 ssl::context& context,
                                                                 const std::string& host,
                                                                 std::chrono::milliseconds timeout,
                                                                 std::vector<std::string> alpn) {
  auto stream = std::make_unique<tls_stream>(std::move(socket), context);
  if (!alpn.empty()) {
    std::string wire;  // RFC 7301 §3.1: each name with a one-octet length
    for (const auto& p : alpn) {
      if (p.empty() || p.size() > 255) co_return make_error(tor::errc::tls_handshake_failed, "bad ALPN name");
      wire.push_back(static_cast<char>(p.size()));
      wire += p;
    }
    if (SSL_set_alpn_protos(stream->native_handle(), reinterpret_cast<const unsigned char*>(wire.data()),
                            static_cast<unsigned>(wire.size())) != 0)
      co_return make_error(tor::errc::tls_handshake_failed, "cannot offer ALPN");
  }
  boost::system::error_code literal_ec;
  asio::ip::make_address(host, literal_ec);
  const bool is_ip = !literal_ec;
  // RFC 6066 §3: SNI carries host names only, never IP literals.
  if (!is_ip && SSL_set_tlsext_host_name(stream->native_handle(), host.c_str()) != 1)
    co_return make_error(tor::errc::tls_handshake_failed, "cannot set SNI for '" + host + "'");
  // Check the name in the certificate (or the IP in its SAN) during the handshake.
  X509_VERIFY_PARAM* param = SSL_get0_param(stream->native_handle());
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  const int set = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                        : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
  if (set != 1) co_return make_error(tor::errc::tls_handshake_failed, "cannot check the name '" + host + "'");

  auto done = co_await dns::with_deadline(
      stream->async_handshake(ssl::stream_base::client, asio::as_tuple(asio::use_awaitable)),
      timeout);
  if (!done) co_return make_error(dns::transport::errc::upstream_timeout, "TLS handshake with '" + host + "' timed out");
  if (auto [ec] = *done; ec) {
    const long verify = SSL_get_verify_result(stream->native_handle());
    if (verify != X509_V_OK)
      co_return make_error(tor::errc::tls_verify_failed, "certificate of '" + host +
                                                    "' not accepted: " +
                                                    X509_verify_cert_error_string(verify));
    co_return make_error(tor::errc::tls_handshake_failed, "TLS handshake with '" + host + "' failed: " +
                                                     ec.message());
  }
  co_return std::move(stream);
}

std::string negotiated_alpn(tls_stream& stream) {
  const unsigned char* name = nullptr;
  unsigned length = 0;
  SSL_get0_alpn_selected(stream.native_handle(), &name, &length);
  return name ? std::string(reinterpret_cast<const char*>(name), length) : std::string();
}

}  // namespace hrn::tor
