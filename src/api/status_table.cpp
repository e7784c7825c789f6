#include "hrn/api/status_table.hpp"

#include <array>
#include <utility>

#include "hrn/api/errors.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/flag/flag.hpp"
#include "hrn/lnurl/errors.hpp"
#include "hrn/name/address.hpp"
#include "hrn/phone/errors.hpp"
#include "hrn/resolve/errors.hpp"
#include "hrn/tor/errors.hpp"

namespace hrn::api {
namespace {

using entry = std::pair<std::string_view, int>;

// Codes whose status is not the default 502. Everything a lookup can fail
// with that is the upstream's or the domain's fault stays 502.
constexpr std::array table{
    // The client's name: the name module's codes.
    entry{name::errc::empty, 400}, entry{name::errc::no_separator, 400},
    entry{name::errc::bad_character, 400}, entry{name::errc::empty_label, 400},
    entry{name::errc::label_too_long, 400}, entry{name::errc::name_too_long, 400},
    entry{name::errc::single_label_domain, 400}, entry{name::errc::bad_short_code, 400},
    entry{name::errc::idna, 400},
    // The node-id flag: a bad node id, a height the relay does not keep, no block source.
    entry{flag::errc::bad_node_id, 400}, entry{flag::errc::unknown_height, 404},
    entry{flag::errc::no_block_source, 503},
    // The request as a whole.
    entry{errc::bad_request, 400}, entry{errc::bad_json, 400}, entry{errc::too_many_names, 400},
    entry{errc::missing_name, 400}, entry{errc::not_found, 404},
    entry{errc::method_not_allowed, 405},
    // Wallets' protocols: a DoH body of another type, a message that does not
    // parse, a question the relay does not answer (not an open resolver).
    entry{errc::unsupported_media_type, 415}, entry{errc::bad_dns_message, 400},
    entry{resolve::errc::refused_question, 400},
    // The USSD adapter: a gateway's unreadable form; an offer reference
    // nobody issued, or whose minutes are over.
    entry{phone::errc::ussd_bad_form, 400}, entry{phone::errc::ussd_offer_unknown, 404},
    entry{phone::errc::ussd_offer_expired, 404},
    // Limits.
    entry{errc::rate_limited, 429}, entry{resolve::errc::busy, 429},
    // Tor cannot carry the lookup yet.
    entry{tor::errc::tor_not_ready, 503}, entry{tor::errc::tor_not_found, 503},
    entry{tor::errc::tor_start_failed, 503}, entry{tor::errc::socks_proxy_unreachable, 503},
    // No answer in time.
    entry{dns::transport::errc::upstream_timeout, 504},
    // The Lightning Address's web server did not answer in time. Its other
    // failures (bad JSON, a status, a refused connection) stay 502.
    entry{lnurl::errc::lnurl_timeout, 504},
};

}  // namespace

int http_status_for(std::string_view code) {
  for (const auto& [c, status] : table)
    if (c == code) return status;
  return 502;
}

}  // namespace hrn::api
