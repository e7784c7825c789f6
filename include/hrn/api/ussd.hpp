#pragma once
// The USSD adapter (off unless --ussd): POST /v1/ussd is the callback a USSD
// gateway sends for every screen of the payment menu (hrn/phone/ussd_menu.hpp);
// GET /v1/ussd/offer/REF is what the gateway's backend fetches once the payer
// confirmed: the name, the offer, the payer note, the amount.
//
// State is bounded: sessions (keyed by an HMAC of the gateway's sessionId
// under a key made at start, so the table holds no id a gateway sent) and
// offer references, each a capped table whose entries expire. The payer's
// phone number is never decoded, stored or logged.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "hrn/api/http.hpp"
#include "hrn/flag/chain_tip.hpp"
#include "hrn/phone/expiring_table.hpp"
#include "hrn/phone/ussd_menu.hpp"
#include "hrn/privacy/random.hpp"

namespace hrn::api {

struct router_parts;

struct ussd_options {
  std::uint64_t session_seconds = 180;  // a dialogue older than this ends ("dial again")
  std::uint64_t offer_seconds = 300;    // how long the backend may fetch a confirmed offer
  std::size_t max_sessions = 10000;
  std::size_t max_offers = 10000;
};

class ussd_service {
 public:
  // `random`: the CSPRNG (privacy::random_source::secure()) in the relay.
  ussd_service(ussd_options options, privacy::random_source random);

  // POST /v1/ussd: a text/plain "CON …" or "END …" screen, never padded
  // (a screen is at most 182 characters). `parts` outlives the call; `tips`
  // is the router's one accessor of the block source's tip (for the flag).
  boost::asio::awaitable<http_response> menu(http_request request, const router_parts* parts,
                                             std::function<flag::tip_state()> tips);

  // GET /v1/ussd/offer/REF: JSON, or 404 ussd_offer_unknown / ussd_offer_expired.
  http_response offer(std::string_view reference, std::uint64_t now) const;

  const ussd_options& options() const { return options_; }

 private:
  std::uint64_t session_key(std::string_view session_id) const;
  std::string new_reference();

  ussd_options options_;
  phone::ussd::menu_options menu_options_;
  privacy::random_source random_;
  std::array<unsigned char, 32> key_{};
  phone::expiring_table<std::uint64_t, phone::ussd::session> sessions_;
  phone::expiring_table<std::string, phone::ussd::offer_choice> offers_;
};

}  // namespace hrn::api
