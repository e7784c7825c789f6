#pragma once
// The Lightning Address fallback (LUD-16). BIP 353, "Backwards
// Compatibility": wallets "MAY fall back to existing 'Lightning Address'
// logic if DNS resolution fails but SHOULD NOT do so after this scheme is
// sufficiently broadly deployed"; so it is off unless the operator enables
// `lnurl`, and it runs only after BIP 353 has *proved* a name absent (a DNS
// failure never becomes a web request). The lookup then fetches
// https://<domain>/.well-known/lnurlp/<user> through Tor on the lookup's own
// isolation credentials (so it stays apart from every other lookup), checks
// the certificate for the domain, and reads the LUD-06 payRequest with the
// pure parser of lnurl/. The domain travels to Tor as a name (SOCKS5
// ATYP=domain): the exit resolves it, never this process.
//
// What the web server sees: a GET of that path with a fixed header set
// (Host, Accept: application/json, Connection: close; no User-Agent),
// nothing derived from the client.

#include <chrono>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "hrn/lnurl/pay_request.hpp"
#include "hrn/name/address.hpp"
#include "hrn/tor/isolation.hpp"
#include "hrn/util/host_port.hpp"
#include "hrn/util/result.hpp"

namespace boost::asio::ssl {
class context;
}

namespace hrn::resolve {

// Which lookup methods the operator allows (--methods bip353[,lnurl]).
struct lookup_methods {
  bool lnurl = false;  // the Lightning Address fallback; BIP 353 is always on
};

// Parses "bip353" or "bip353,lnurl" (either order, no repeats, bip353 required).
// Error bad_methods naming what is wrong.
result<lookup_methods> parse_methods(std::string_view text);

struct lightning_address_request {
  name::address address;
  std::optional<host_port> tor_socks;  // nullopt (--direct): refused, lnurl_needs_tor
  std::shared_ptr<boost::asio::ssl::context> tls;  // verifies the domain's certificate
  tor::isolation_token isolation;                  // the lookup's credentials
  std::chrono::milliseconds timeout{10000};        // connect, handshake and reply together
};

// The payRequest, or nullopt when the domain says there is no such Lightning
// Address: HTTP 404 or 410, LUD-06's {"status":"ERROR"} shape, or a user part
// LUD-16 does not allow (then nothing is fetched). The body decides, not the
// headers (LUD-01).
// Errors: lnurl_timeout, lnurl_unreachable, lnurl_http_status (a redirect,
// which is not followed, or an error status without JSON), lnurl_needs_tor, the
// parser's codes (lnurl_bad_json, …), and from Tor and TLS tor_not_ready,
// socks_proxy_unreachable, tls_verify_failed, tls_handshake_failed.
boost::asio::awaitable<result<std::optional<lnurl::pay_request>>> fetch_lightning_address(
    boost::asio::any_io_executor executor, lightning_address_request request);

}  // namespace hrn::resolve
