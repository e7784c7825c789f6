#include <boost/json.hpp>

#include "hrn/api/json_views.hpp"
#include "hrn/name/address.hpp"
#include "hrn/bolt12/offer.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/bip353_resolver.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::api {
namespace {

boost::json::object identity(const name::address& a) {
  boost::json::object o;
  o["name"] = a.text();
  o["display"] = a.display();
  // What the payer's node puts in invreq_bip_353_name (BOLT 12 type 91).
  o["bip353_name"] = {{"user", a.user}, {"domain", a.domain}};
  if (a.short_code.empty())
    o["payer_note"] = nullptr;
  else
    o["payer_note"] = a.short_code;
  return o;
}

}  // namespace

boost::json::object answer_json(const name::address& a, const resolve::bip353_resolution& r,
                                bool with_proof) {
  auto o = identity(a);
  o["status"] = r.found ? "ok" : "not_found";
  o["source"] = "bip353";
  const auto* pi = r.instructions ? &*r.instructions : nullptr;
  o["uri"] = pi ? boost::json::value(pi->uri) : nullptr;
  o["offer"] = pi && pi->offer_text ? boost::json::value(*pi->offer_text) : nullptr;
  o["offer_info"] = pi && pi->offer ? boost::json::value(summary_json(*pi->offer)) : nullptr;
  boost::json::object dnssec{{"validated", true}};
  if (with_proof) dnssec["proof"] = to_base64(r.proof);
  o["dnssec"] = std::move(dnssec);
  o["ttl"] = r.ttl;
  o["expires"] = r.expires;
  if (with_proof) o["proof"] = to_base64(r.proof);
  o["round_trips"] = r.round_trips;
  return o;
}

boost::json::object served_answer_json(const name::address& a, const resolve::served_answer& s,
                                       std::uint64_t now, bool with_proof) {
  auto o = identity(a);
  const auto& v = *s.answer;
  o["status"] = v.found ? "ok" : "not_found";
  o["source"] = "bip353";
  o["uri"] = v.found ? boost::json::value(v.uri) : nullptr;
  const auto offer_text = v.offer();
  o["offer"] = offer_text.empty() ? boost::json::value(nullptr) : boost::json::value(boost::json::string(offer_text));
  // The offer was checked when the entry was made; decoding it again only
  // renders its summary.
  boost::json::value info = nullptr;
  if (!offer_text.empty())
    if (auto offer = bolt12::decode_offer(offer_text)) info = summary_json(*offer);
  o["offer_info"] = std::move(info);
  boost::json::object dnssec{{"validated", true}};
  if (with_proof) dnssec["proof"] = to_base64(v.chain);
  o["dnssec"] = std::move(dnssec);
  o["ttl"] = s.expires_at > now ? s.expires_at - now : 0;
  o["cached"] = s.cached;
  o["stale"] = s.stale;
  return o;
}

boost::json::object failed_answer_json(const name::address& a, const error& e) {
  auto o = identity(a);
  o["status"] = "error";
  o["error"] = {{"code", e.code}, {"message", e.message}};
  return o;
}

}  // namespace hrn::api
