#pragma once
// What a person about to pay sees of one served answer, in every shape the
// relay gives it to people (plain text for gateways, the SMS line, the USSD
// confirm screen, the web page): the name, what the offer says, the amount,
// the node-id flag. One view of the one cache entry, so the shapes agree.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hrn/flag/chain_tip.hpp"
#include "hrn/flag/flag.hpp"
#include "hrn/util/result.hpp"

namespace hrn::name {
struct address;
}
namespace hrn::cache {
struct answer;
}
namespace hrn::bolt12 {
struct offer_summary;
}

namespace hrn::api {

// The flag of an offer's node id at the tip (and the block before), or why
// there is none: no block source, the source has no tip yet, the offer has no
// offer_issuer_id.
struct flag_result {
  std::optional<flag::node_flag> flag;
  std::optional<flag::node_flag> previous;  // one block earlier, when kept
  std::string reason;                       // set when `flag` is empty
};

// A LNURL-pay range for people: "1000 sat", "1-100000 sat" (millisatoshi
// below a satoshi keep their fraction).
std::string sendable_text(std::uint64_t min_msat, std::uint64_t max_msat);

// The offer's amount for people: "1000 sat", "0.5 sat", "12.34 USD"; none
// when the payer chooses the amount.
std::optional<std::string> amount_text(const bolt12::offer_summary& s);

// "<height> RED TEAL NAVY GOLD": the words a phone shows and a person reads aloud.
std::string flag_words(const flag::node_flag& f);

// The flag of `node_id_hex` (33-byte compressed key, hex) at the tip of
// `tips`, or at `height` when given and kept. Errors: flag::errc::bad_node_id,
// flag::errc::unknown_height, flag::errc::no_block_source.
result<flag_result> flag_for_node(std::string_view node_id_hex, std::optional<std::uint32_t> height,
                                  const flag::tip_state& tips);

// The flag of an offer's issuer id (hex, as offer_summary carries it) at the
// tip, or the reason there is none.
flag_result flag_for_issuer(const std::optional<std::string>& issuer_id_hex, const flag::tip_state& tips);

struct payment_view {
  std::string name;     // user@domain
  std::string display;  // ₿user@domain
  bool found = false;   // false: the name provably has no payment instructions
  // The short code, normalised (lower case), or "" when none was given; it is
  // also the exact invreq_payer_note (BOLT 12 type 89) the payer's node sets,
  // which the recipient sees with the invoice request.
  std::string payer_note;
  std::optional<std::string> description;
  std::optional<std::string> issuer;
  // "1000 sat", "0.5 sat" (millisatoshi amounts below a satoshi keep their
  // fraction), "12.34 USD" (ISO 4217 minor units); none: the payer chooses.
  std::optional<std::string> amount;
  std::string offer;  // lno1…, "" when the URI has no offer
  std::string uri;
  // The Lightning Address fallback answered (source "lnurl"; `found` stays
  // false: BIP 353 proved the name has no payment instructions). No offer,
  // no URI and no flag (LNURL-pay names no node id); `description` is the
  // metadata's text/plain, `amount` the range the service accepts, and the
  // payer's wallet asks `lnurl_callback` for an invoice.
  bool lnurl = false;
  std::string lnurl_callback;
  std::string lnurl_callback_host;
  bool lnurl_callback_domain_matches = false;
  flag_result flag;
  std::string sms;  // ≤ 160 GSM 03.38 septets (hrn/phone/sms.hpp)
};

payment_view make_payment_view(const name::address& a, const cache::answer& answer, const flag::tip_state& tips);
// The same from an offer summary decoded earlier (none: the offer does not
// decode), for callers that keep one per cache entry.
payment_view make_payment_view(const name::address& a, const cache::answer& answer,
                               const std::optional<bolt12::offer_summary>& summary, const flag::tip_state& tips);

// The view's `sms`, from its other fields: the confirmation text for a found
// name, "No payment address at user@domain" otherwise.
std::string confirmation_sms_for(const payment_view& v);

}  // namespace hrn::api
