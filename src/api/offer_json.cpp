// JSON views of a decoded BOLT 12 offer: every field (to_json) and the
// compact summary answers carry as `offer_info` (summary_json).
// Absent fields are null, never "", so a client can tell "not in the offer"
// from "empty in the offer".
#include <chrono>
#include <cstdio>

#include <boost/json.hpp>

#include "hrn/api/json_views.hpp"
#include "hrn/bolt12/offer.hpp"
#include "hrn/bolt12/summary.hpp"

namespace hrn::api {
namespace {

namespace json = boost::json;

template <class T, class F>
json::value optional_or_null(const std::optional<T>& v, F&& to_value) {
  if (!v) return nullptr;
  return to_value(*v);
}

json::value opt_hex(const std::optional<bytes>& v) {
  return optional_or_null(v, [](const bytes& b) { return json::value(to_hex(b)); });
}

json::value opt_string(const std::optional<std::string>& v) {
  return optional_or_null(v, [](const std::string& s) { return json::value(s); });
}

json::value opt_u64(const std::optional<std::uint64_t>& v) {
  return optional_or_null(v, [](std::uint64_t n) { return json::value(n); });
}

// "2035-01-01T00:00:00Z"; null past year 9999, where the form stops.
json::value utc_time(const std::optional<std::uint64_t>& unix_seconds) {
  constexpr std::uint64_t last = 253402300799;  // 9999-12-31T23:59:59Z
  if (!unix_seconds || *unix_seconds > last) return nullptr;
  using namespace std::chrono;
  const sys_seconds t{seconds(static_cast<seconds::rep>(*unix_seconds))};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return json::value(buf);
}

// BOLT 7 short_channel_id: block height (3 bytes), tx index (3), output (2),
// written as "BLOCKxTXxOUTPUT".
std::string scid_text(std::uint64_t scid) {
  return std::to_string(scid >> 40) + "x" + std::to_string(scid >> 16 & 0xffffff) + "x" +
         std::to_string(scid & 0xffff);
}

json::value node_id_json(const std::variant<bolt12::point, bolt12::sciddir>& id) {
  if (const auto* p = std::get_if<bolt12::point>(&id)) return json::value(to_hex(*p));
  const auto& s = std::get<bolt12::sciddir>(id);
  json::object o;
  o["short_channel_id"] = scid_text(s.short_channel_id);
  o["direction"] = s.direction;
  return o;
}

json::object path_json(const bolt12::blinded_path& p) {
  json::object o;
  o["first_node_id"] = node_id_json(p.first_node_id);
  o["first_path_key"] = to_hex(p.first_path_key);
  json::array hops;
  for (const auto& h : p.hops) {
    json::object hop;
    hop["blinded_node_id"] = to_hex(h.blinded_node_id);
    hop["encrypted_recipient_data"] = to_hex(h.encrypted_recipient_data);
    hops.push_back(std::move(hop));
  }
  o["hops"] = std::move(hops);
  return o;
}

// The shape of the official vectors' `fields`, plus the spec's field name.
json::object record_json(const bolt12::tlv_record& r) {
  json::object o;
  o["type"] = r.type;
  auto name = bolt12::offer_type_name(r.type);
  if (name.empty())
    o["name"] = nullptr;
  else
    o["name"] = name;
  o["length"] = r.value.size();
  o["hex"] = to_hex(r.value);
  return o;
}

}  // namespace

json::object to_json(const bolt12::offer& o) {
  json::object j;
  if (o.chains.empty()) {
    j["chains"] = nullptr;  // absent: bitcoin only
  } else {
    json::array chains;
    for (const auto& h : o.chains) {
      json::object c;
      c["chain_hash"] = to_hex(h);
      auto name = bolt12::chain_name(h);
      if (name.empty())
        c["name"] = nullptr;
      else
        c["name"] = name;
      chains.push_back(std::move(c));
    }
    j["chains"] = std::move(chains);
  }
  j["metadata"] = opt_hex(o.metadata);
  j["currency"] = opt_string(o.currency);
  j["amount"] = opt_u64(o.amount);
  j["description"] = opt_string(o.description);
  j["features"] = opt_hex(o.features);
  json::array bits;
  if (o.features)
    for (auto b : bolt12::feature_bits(*o.features)) bits.push_back(b);
  j["feature_bits"] = std::move(bits);
  j["absolute_expiry"] = opt_u64(o.absolute_expiry);
  j["absolute_expiry_utc"] = utc_time(o.absolute_expiry);
  json::array paths;
  for (const auto& p : o.paths) paths.push_back(path_json(p));
  j["paths"] = std::move(paths);
  j["issuer"] = opt_string(o.issuer);
  j["quantity_max"] = opt_u64(o.quantity_max);
  if (o.issuer_id)
    j["issuer_id"] = to_hex(*o.issuer_id);
  else
    j["issuer_id"] = nullptr;
  json::array unknown, records;
  for (const auto& r : o.records) {
    if (!bolt12::is_known_offer_type(r.type)) unknown.push_back(record_json(r));
    records.push_back(record_json(r));
  }
  j["unknown_fields"] = std::move(unknown);
  j["records"] = std::move(records);
  return j;
}

json::object summary_json(const bolt12::offer& o) {
  const auto s = bolt12::summarize(o);
  json::object j;
  j["description"] = opt_string(s.description);
  j["issuer"] = opt_string(s.issuer);
  j["issuer_id"] = opt_string(s.issuer_id);
  if (s.amount) {
    json::object amount;
    amount["value"] = *s.amount;
    amount["unit"] = s.amount_unit;  // "msat" or the ISO 4217 code
    j["amount"] = std::move(amount);
  } else {
    j["amount"] = nullptr;
  }
  j["absolute_expiry"] = opt_u64(s.absolute_expiry);
  j["absolute_expiry_utc"] = utc_time(s.absolute_expiry);
  j["num_paths"] = s.num_paths;
  json::array chains;
  for (const auto& c : s.chains) chains.push_back(json::value(c));
  j["chains"] = std::move(chains);
  j["quantity_max"] = opt_u64(s.quantity_max);
  return j;
}

}  // namespace hrn::api
