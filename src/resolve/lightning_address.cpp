#include "hrn/resolve/lightning_address.hpp"

#include <boost/asio/ssl/context.hpp>

#include "hrn/dns/transport/deadline.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/lnurl/errors.hpp"
#include "hrn/lnurl/lightning_address.hpp"
#include "hrn/resolve/errors.hpp"
#include "hrn/tor/errors.hpp"
#include "hrn/tor/socks5.hpp"
#include "hrn/tor/tls.hpp"
#include "hrn/tor/http_exchange.hpp"

namespace hrn::resolve {
namespace asio = boost::asio;
using fetched = result<std::optional<lnurl::pay_request>>;

result<lookup_methods> parse_methods(std::string_view text) {
  lookup_methods m;
  bool bip353 = false;
  while (true) {
    const auto comma = text.find(',');
    const auto item = text.substr(0, comma);
    if (item == "bip353" && !bip353) {
      bip353 = true;
    } else if (item == "lnurl" && !m.lnurl) {
      m.lnurl = true;
    } else {
      return make_error(errc::bad_methods, "--methods: '" + std::string(item) +
                                               "' is not a method, or is repeated (bip353[,lnurl])");
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (!bip353) return make_error(errc::bad_methods, "--methods must include bip353 (lnurl is only a fallback)");
  return m;
}

namespace {

// Failures on the way to the web server, under the fallback's own codes
// where the DNS lookup's would mislead (a timeout or a refused connection
// here is the web server's, not the DNS upstream's). Tor not being ready
// and TLS verdicts keep their codes: they mean the same everywhere.
error as_fetch_error(error e) {
  if (e.code == dns::transport::errc::upstream_timeout)
    return make_error(lnurl::errc::lnurl_timeout, "Lightning Address: " + e.message);
  if (e.code == tor::errc::tor_not_ready || e.code == tor::errc::socks_proxy_unreachable ||
      e.code == tor::errc::tls_verify_failed || e.code == tor::errc::tls_handshake_failed ||
      e.code == tor::errc::rng_failed)
    return error{e.code, "Lightning Address: " + e.message};
  return make_error(lnurl::errc::lnurl_unreachable, "Lightning Address: " + e.message);
}

// LUD-01: "Neither status codes or any HTTP Header has any meaning ...
// Clients should ignore them ... and just parse the response body as JSON".
// So the body decides, except where the status says more
// than any body could: 404 and 410 (nothing at the LUD-16 path: the name has
// no Lightning Address), and 3xx (a redirect, which is not followed: it would
// send the lookup to a URL the LUD-16 rule did not name). A body that is not
// JSON is reported with its status when that is not 200 (an HTML error page
// of a failing server says more by its status than by its bytes).
fetched read_reply(const tor::http_reply& reply, const std::string& domain) {
  const auto status = reply.status;
  if (status == 404 || status == 410) return std::optional<lnurl::pay_request>{};
  if (status >= 300 && status < 400)
    return make_error(lnurl::errc::lnurl_http_status, "Lightning Address: the web server answered HTTP " +
                                                          std::to_string(status) + " (redirects are not followed)");
  auto pay = lnurl::parse_pay_request(reply.body, domain);
  if (pay) return std::optional<lnurl::pay_request>(std::move(*pay));
  if (pay.err().code == lnurl::errc::lnurl_service_error) return std::optional<lnurl::pay_request>{};
  if (status != 200 && pay.err().code == lnurl::errc::lnurl_bad_json)
    return make_error(lnurl::errc::lnurl_http_status,
                      "Lightning Address: the web server answered HTTP " + std::to_string(status) + " without JSON");
  return error{pay.err().code, "Lightning Address: " + pay.err().message};
}

asio::awaitable<fetched> fetch(asio::any_io_executor executor, lightning_address_request request,
                               std::string target) {
  const auto& domain = request.address.domain;
  // LUD-16 fixes the port: https, 443.
  auto connect = tor::connect_via_socks(executor, *request.tor_socks, tor::target{domain, 443},
                                        request.isolation, request.timeout);
  auto socket = co_await std::move(connect);
  if (!socket) co_return as_fetch_error(std::move(socket).err());
  auto handshake = tor::tls_connect(std::move(*socket), *request.tls, domain, request.timeout);
  auto stream = co_await std::move(handshake);
  if (!stream) co_return as_fetch_error(std::move(stream).err());
  // Exactly Host, Accept: application/json and Connection: close: nothing
  // derived from the client, nothing that tells one relay from another.
  tor::http_call call;
  call.host = domain;
  call.target = std::move(target);
  call.max_body = lnurl::max_body_bytes;
  auto get = tor::http_exchange(**stream, std::move(call));
  auto reply = co_await std::move(get);
  if (!reply) {
    const auto& e = reply.err();
    co_return make_error(e.code == tor::errc::http_reply_too_large ? lnurl::errc::lnurl_too_large
                                                                  : lnurl::errc::lnurl_unreachable,
                         "Lightning Address: " + e.message);
  }
  co_return read_reply(*reply, domain);
}

}  // namespace

asio::awaitable<fetched> fetch_lightning_address(asio::any_io_executor executor,
                                                 lightning_address_request request) {
  auto target = lnurl::well_known_target(request.address.user);
  if (!target) co_return std::optional<lnurl::pay_request>{};
  if (!request.tor_socks)
    co_return make_error(lnurl::errc::lnurl_needs_tor,
                         "the Lightning Address fallback needs Tor: with --direct the domain would "
                         "have to be resolved here");
  if (!request.tls) co_return make_error(lnurl::errc::lnurl_unreachable, "no TLS context for the fallback");
  const auto limit = request.timeout;
  auto op = fetch(executor, std::move(request), std::move(*target));
  auto done = co_await dns::with_deadline(std::move(op), limit);
  if (!done)
    co_return make_error(lnurl::errc::lnurl_timeout, "Lightning Address: no complete reply within " +
                                                         std::to_string(limit.count()) + " ms");
  co_return std::move(*done);
}

}  // namespace hrn::resolve
