#include "hrn/api/payment_view.hpp"

#include <array>
#include <string_view>

#include "hrn/bolt12/offer.hpp"
#include "hrn/bolt12/summary.hpp"
#include "hrn/cache/answer.hpp"
#include "hrn/lnurl/pay_request.hpp"
#include "hrn/name/address.hpp"
#include "hrn/phone/sms.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::api {
namespace {

// ISO 4217 currencies whose minor unit is not 1/100. BOLT 12 gives a
// currency amount "in the currency's minimal unit" (the ISO 4217 exponent).
int currency_exponent(std::string_view code) {
  static constexpr std::array<std::string_view, 17> none{"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                          "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                                          "VND", "VUV", "XAF", "XOF", "XPF"};
  static constexpr std::array<std::string_view, 7> three{"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
  for (auto c : none)
    if (c == code) return 0;
  for (auto c : three)
    if (c == code) return 3;
  return 2;
}

// `units` divided by 10^exponent, without trailing zeros after the point.
std::string decimal(std::uint64_t units, int exponent) {
  std::uint64_t scale = 1;
  for (int i = 0; i < exponent; ++i) scale *= 10;
  auto out = std::to_string(units / scale);
  auto frac = units % scale;
  if (frac == 0) return out;
  auto digits = std::to_string(frac);
  digits.insert(0, static_cast<std::size_t>(exponent) - digits.size(), '0');
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return out + "." + digits;
}

flag_result no_flag(std::string reason) {
  flag_result r;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

std::string sendable_text(std::uint64_t min_msat, std::uint64_t max_msat) {
  if (min_msat == max_msat) return decimal(min_msat, 3) + " sat";
  return decimal(min_msat, 3) + "-" + decimal(max_msat, 3) + " sat";
}

std::optional<std::string> amount_text(const bolt12::offer_summary& s) {
  if (!s.amount) return std::nullopt;
  if (s.amount_unit == "msat") return decimal(*s.amount, 3) + " sat";
  return decimal(*s.amount, currency_exponent(s.amount_unit)) + " " + s.amount_unit;
}

std::string flag_words(const flag::node_flag& f) {
  auto out = std::to_string(f.height);
  for (auto name : f.names) {
    out += ' ';
    out += name;
  }
  return out;
}

result<flag_result> flag_for_node(std::string_view node_id_hex, std::optional<std::uint32_t> height,
                                  const flag::tip_state& tips) {
  const auto node_id = from_hex(node_id_hex);
  if (!node_id || node_id->size() != 33 || ((*node_id)[0] != 2 && (*node_id)[0] != 3))
    return make_error(flag::errc::bad_node_id,
                      "node_id must be a 33-byte compressed public key in hex (66 digits, starting 02 or 03)");
  if (!tips.tip) return make_error(flag::errc::no_block_source, tips.reason);
  const auto& tip = *tips.tip;
  const auto at = height.value_or(tip.height);
  const auto hash = flag::hash_at(tip, at);
  if (!hash)
    return make_error(flag::errc::unknown_height,
                      "this relay keeps the hashes of blocks " +
                          std::to_string(tip.height + 1 - static_cast<std::uint32_t>(tip.hashes.size())) + " to " +
                          std::to_string(tip.height) + " only");
  flag_result r;
  auto made = flag::make_flag(*node_id, *hash, at);
  r.flag = *made;
  if (at > 0)
    if (const auto before = flag::hash_at(tip, at - 1)) r.previous = *flag::make_flag(*node_id, *before, at - 1);
  return r;
}

flag_result flag_for_issuer(const std::optional<std::string>& issuer_id_hex, const flag::tip_state& tips) {
  if (!issuer_id_hex) return no_flag("the offer has no offer_issuer_id (a node id) to derive a flag from");
  auto r = flag_for_node(*issuer_id_hex, std::nullopt, tips);
  if (!r) return no_flag(r.err().message);
  return std::move(*r);
}

std::string confirmation_sms_for(const payment_view& v) {
  if (!v.found && !v.lnurl) return phone::truncate_gsm7(phone::to_gsm7("No payment address at " + v.name), phone::sms_max_septets);
  phone::confirmation_fields f;
  f.name = v.name;
  f.description = v.description;
  f.amount = v.amount;
  if (v.flag.flag) f.flag = flag_words(*v.flag.flag);
  if (!v.payer_note.empty()) f.payer_note = v.payer_note;
  return phone::confirmation_sms(f);
}

payment_view make_payment_view(const name::address& a, const cache::answer& answer,
                               const std::optional<bolt12::offer_summary>& summary, const flag::tip_state& tips) {
  payment_view v;
  v.name = a.text();
  v.display = a.display();
  v.found = answer.found;
  v.payer_note = a.short_code;
  v.uri = answer.uri;
  v.offer = std::string(answer.offer());
  if (answer.lightning_address) {
    const auto& pay = *answer.lightning_address;
    v.lnurl = true;
    v.description = pay.description;
    v.amount = sendable_text(pay.min_sendable, pay.max_sendable);
    v.lnurl_callback = pay.callback;
    v.lnurl_callback_host = pay.callback_host;
    v.lnurl_callback_domain_matches = pay.callback_domain_matches;
    v.flag = no_flag("a Lightning Address has no BOLT 12 offer, so no node id to derive a flag from");
  } else if (!answer.found)
    v.flag = no_flag("the name has no payment instructions");
  else if (v.offer.empty())
    v.flag = no_flag("the payment instructions hold no BOLT 12 offer");
  else if (!summary)
    v.flag = no_flag("the offer does not decode");
  else {
    v.description = summary->description;
    v.issuer = summary->issuer;
    v.amount = amount_text(*summary);
    v.flag = flag_for_issuer(summary->issuer_id, tips);
  }
  v.sms = confirmation_sms_for(v);
  return v;
}

payment_view make_payment_view(const name::address& a, const cache::answer& answer, const flag::tip_state& tips) {
  std::optional<bolt12::offer_summary> summary;
  if (const auto text = answer.offer(); !text.empty())
    if (auto offer = bolt12::decode_offer(text)) summary = bolt12::summarize(*offer);
  return make_payment_view(a, answer, summary, tips);
}

}  // namespace hrn::api
