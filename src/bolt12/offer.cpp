// decode_offer: the string layer, the TLV layer, then the reader rules of
// BOLT 12 "Requirements For Offers".
#include "hrn/bolt12/offer.hpp"

#include <string>

#include "fields.hpp"
#include "hrn/bolt12/bech32.hpp"
#include "hrn/bolt12/errors.hpp"

namespace hrn::bolt12 {
namespace {

constexpr std::string_view offer_hrp = "lno";

// BOLT 12: "if the offer contains any TLV fields outside the inclusive
// ranges: 1 to 79 and 1000000000 to 1999999999: MUST NOT respond".
bool in_offer_range(std::uint64_t type) {
  return (type >= 1 && type <= 79) || (type >= 1000000000 && type <= 1999999999);
}

error missing(std::string message) {
  return make_error(std::string(errc::missing_field), std::move(message));
}

status check_cross_field_rules(const offer& o) {
  // "if offer_amount is set and offer_description is not set: MUST NOT respond"
  if (o.amount && !o.description) {
    return missing("offer_amount (type 8) is set but offer_description (type 10) is not");
  }
  // "if offer_currency is set and offer_amount is not set: MUST NOT respond"
  if (o.currency && !o.amount) {
    return missing("offer_currency (type 6) is set but offer_amount (type 8) is not");
  }
  // "if neither offer_issuer_id nor offer_paths are set: MUST NOT respond"
  if (!o.issuer_id && o.paths.empty()) {
    return missing("neither offer_issuer_id (type 22) nor offer_paths (type 16) is set");
  }
  // Without offer_currency the amount is in millisatoshi, and BOLT 1 caps
  // those at 21 million BTC.
  if (o.amount && !o.currency && *o.amount > detail::max_msat) {
    return detail::field_error(errc::bad_field, offer_type::amount,
                               "amount " + std::to_string(*o.amount) +
                                   " msat is above 21 million BTC");
  }
  return ok_status();
}

}  // namespace

result<offer> decode_offer_tlv(byte_view tlv_stream) {
  auto records = parse_tlv_stream(tlv_stream);
  if (!records) return std::move(records).err();

  offer o;
  for (const auto& rec : *records) {
    if (!in_offer_range(rec.type)) {
      return make_error(std::string(errc::type_out_of_range),
                        "type " + std::to_string(rec.type) +
                            " is outside the offer ranges 1-79 and 1000000000-1999999999");
    }
    if (is_known_offer_type(rec.type)) {
      auto st = detail::decode_known_field(rec, o);
      if (!st) return std::move(st).err();
    } else if (rec.type % 2 == 0) {
      // BOLT 1: an unknown even type "MUST fail to parse the tlv_stream".
      return make_error(std::string(errc::unknown_even_type),
                        "unknown even type " + std::to_string(rec.type));
    }
    // Unknown odd types are ignored ("it's OK to be odd") but kept in records.
  }
  auto st = check_cross_field_rules(o);
  if (!st) return std::move(st).err();
  o.records = std::move(*records);
  return o;
}

result<offer> decode_offer(std::string_view text) {
  // BOLT 12: "The human-readable prefix for offers is `lno`."
  auto s = decode_bolt12_string(text, offer_hrp);
  if (!s) return std::move(s).err();
  return decode_offer_tlv(s->data);
}

}  // namespace hrn::bolt12
