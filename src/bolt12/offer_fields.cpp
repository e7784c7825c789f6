// The offer's known fields (BOLT 12 "TLV Fields for Offers" and the reader
// rules of "Requirements For Offers") that sit in one record each.
#include <algorithm>
#include <string>

#include "fields.hpp"
#include "hrn/bolt12/errors.hpp"
#include "hrn/util/utf8.hpp"

namespace hrn::bolt12 {

bool is_known_offer_type(std::uint64_t type) { return !offer_type_name(type).empty(); }

std::string_view offer_type_name(std::uint64_t type) {
  switch (type) {
    case offer_type::chains: return "offer_chains";
    case offer_type::metadata: return "offer_metadata";
    case offer_type::currency: return "offer_currency";
    case offer_type::amount: return "offer_amount";
    case offer_type::description: return "offer_description";
    case offer_type::features: return "offer_features";
    case offer_type::absolute_expiry: return "offer_absolute_expiry";
    case offer_type::paths: return "offer_paths";
    case offer_type::issuer: return "offer_issuer";
    case offer_type::quantity_max: return "offer_quantity_max";
    case offer_type::issuer_id: return "offer_issuer_id";
    default: return "";
  }
}

std::vector<std::uint32_t> feature_bits(byte_view features) {
  std::vector<std::uint32_t> bits;
  // BOLT 9: bits are numbered from the least-significant bit of the last byte.
  const std::size_t n = features.size();
  for (std::size_t i = n; i-- > 0;) {
    for (unsigned k = 0; k < 8; ++k) {
      if (features[i] >> k & 1) bits.push_back(static_cast<std::uint32_t>((n - 1 - i) * 8 + k));
    }
  }
  return bits;
}

namespace detail {
namespace {

std::string as_string(byte_view v) { return std::string(v.begin(), v.end()); }

status bad(std::uint64_t type, std::string_view what) {
  return field_error(errc::bad_field, type, what);
}

result<std::uint64_t> tu64_field(const tlv_record& rec) {
  if (rec.value.size() > 8) return field_error(errc::bad_field, rec.type, "longer than 8 bytes (tu64)");
  auto v = read_tu64(rec.value);
  if (!v) return field_error(errc::bad_field, rec.type, "truncated integer has leading zero bytes (tu64 must be minimal)");
  return *v;
}

result<std::string> utf8_field(const tlv_record& rec) {
  // BOLT 1 lets a reader reject invalid UTF-8 in `utf8` arrays; the BOLT 12
  // vectors require it.
  auto text = as_string(rec.value);
  if (!utf8::is_valid(text)) return field_error(errc::bad_field, rec.type, "not valid UTF-8");
  return text;
}

status decode_chains(const tlv_record& rec, offer& out) {
  if (rec.value.empty()) {
    // BOLT 12 rationale: an empty offer_chains is explicitly invalid.
    return bad(rec.type, "present but lists no chain");
  }
  if (rec.value.size() % 32 != 0) {
    return bad(rec.type, "length " + std::to_string(rec.value.size()) + " is not a multiple of 32");
  }
  for (std::size_t i = 0; i < rec.value.size(); i += 32) {
    chain_hash h{};
    std::copy_n(rec.value.begin() + static_cast<std::ptrdiff_t>(i), 32, h.begin());
    out.chains.push_back(h);
  }
  return ok_status();
}

status decode_currency(const tlv_record& rec, offer& out) {
  auto text = utf8_field(rec);
  if (!text) return std::move(text).err();
  // BOLT 12 has the writer use "an ISO 4217 three-letter code"; those codes
  // are three upper-case ASCII letters. Anything else cannot be priced, so
  // it is rejected rather than passed on to a payer.
  const std::string& c = *text;
  bool iso = c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
  if (!iso) return bad(rec.type, "not an ISO 4217 code (three upper-case letters)");
  out.currency = c;
  return ok_status();
}

status decode_features(const tlv_record& rec, offer& out) {
  // BOLT 12: unknown even bits set -> "MUST NOT respond to the offer"; unknown
  // odd bits are ignored. BOLT 9 assigns no offer features yet, so every even
  // bit is unknown.
  for (auto bit : feature_bits(rec.value)) {
    if (bit % 2 == 0) {
      return field_error(errc::unknown_feature, rec.type,
                         "unknown required feature bit " + std::to_string(bit));
    }
  }
  out.features = rec.value;
  return ok_status();
}

}  // namespace

error field_error(std::string_view code, std::uint64_t type, std::string_view what) {
  std::string name(offer_type_name(type));
  if (name.empty()) name = "field";
  return make_error(std::string(code), name + " (type " + std::to_string(type) + "): " + std::string(what));
}

status decode_known_field(const tlv_record& rec, offer& out) {
  switch (rec.type) {
    case offer_type::chains:
      return decode_chains(rec, out);
    case offer_type::metadata:
      out.metadata = rec.value;
      return ok_status();
    case offer_type::currency:
      return decode_currency(rec, out);
    case offer_type::amount: {
      auto v = tu64_field(rec);
      if (!v) return std::move(v).err();
      // BOLT 12 reader: "if offer_amount is set and is not greater than zero:
      // MUST NOT respond to the offer". The msat cap is checked in decode_offer,
      // once it is known whether a currency applies.
      if (*v == 0) return bad(rec.type, "amount is zero");
      out.amount = *v;
      return ok_status();
    }
    case offer_type::description: {
      auto v = utf8_field(rec);
      if (!v) return std::move(v).err();
      out.description = std::move(*v);
      return ok_status();
    }
    case offer_type::features:
      return decode_features(rec, out);
    case offer_type::absolute_expiry: {
      auto v = tu64_field(rec);
      if (!v) return std::move(v).err();
      out.absolute_expiry = *v;
      return ok_status();
    }
    case offer_type::paths: {
      auto paths = decode_blinded_paths(rec.value);
      if (!paths) return std::move(paths).err();
      out.paths = std::move(*paths);
      return ok_status();
    }
    case offer_type::issuer: {
      auto v = utf8_field(rec);
      if (!v) return std::move(v).err();
      out.issuer = std::move(*v);
      return ok_status();
    }
    case offer_type::quantity_max: {
      // 0 is allowed: "unlimited (or unknown)".
      auto v = tu64_field(rec);
      if (!v) return std::move(v).err();
      out.quantity_max = *v;
      return ok_status();
    }
    case offer_type::issuer_id: {
      if (rec.value.size() != 33) {
        return bad(rec.type, "length " + std::to_string(rec.value.size()) + " (a point is 33 bytes)");
      }
      point p{};
      std::copy(rec.value.begin(), rec.value.end(), p.begin());
      if (!is_valid_point(p)) return field_error(errc::bad_point, rec.type, "not a valid secp256k1 point");
      out.issuer_id = p;
      return ok_status();
    }
    default:
      return bad(rec.type, "not a known offer field");
  }
}

}  // namespace detail

}  // namespace hrn::bolt12
