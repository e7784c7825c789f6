#include <array>
#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "answer_text.hpp"

#include "hrn/api/json_views.hpp"
#include "hrn/api/payment_view.hpp"
#include "hrn/bolt12/summary.hpp"
#include "hrn/name/address.hpp"
#include "hrn/bolt12/offer.hpp"
#include "hrn/cache/answer.hpp"
#include "hrn/lnurl/pay_request.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/bip353_resolver.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::api {
namespace {

// The identity fields but payer_note, which changes per request.
boost::json::object name_fields(const name::address& a) {
  boost::json::object o;
  o["name"] = a.text();
  o["display"] = a.display();
  // What the payer's node puts in invreq_bip_353_name (BOLT 12 type 91).
  o["bip353_name"] = {{"user", a.user}, {"domain", a.domain}};
  return o;
}

// payer_note is the short code; invreq_payer_note the exact value the
// payer's node puts in its invoice request (BOLT 12 type 89), which the
// recipient sees: today the same string.
boost::json::object identity(const name::address& a) {
  auto o = name_fields(a);
  if (a.short_code.empty()) {
    o["payer_note"] = nullptr;
    o["invreq_payer_note"] = nullptr;
  } else {
    o["payer_note"] = a.short_code;
    o["invreq_payer_note"] = a.short_code;
  }
  return o;
}

// A Lightning Address entry (BIP 353 proved the name absent, the domain's
// web server answered a payRequest) is an answer too.
std::string_view status_of(const cache::answer& v) {
  return v.found || v.lightning_address ? "ok" : "not_found";
}
std::string_view source_of(const cache::answer& v) { return v.lightning_address ? "lnurl" : "bip353"; }

boost::json::object one_flag_json(const flag::node_flag& f) {
  boost::json::array colours, names;
  for (const auto& c : f.colours) colours.emplace_back(flag::to_hex(c));
  for (auto n : f.names) names.emplace_back(n);
  return {{"height", f.height}, {"colours", std::move(colours)}, {"names", std::move(names)}};
}

}  // namespace

boost::json::object answer_json(const name::address& a, const resolve::bip353_resolution& r,
                                bool with_proof) {
  auto o = identity(a);
  o["status"] = r.found || r.lightning_address ? "ok" : "not_found";
  o["source"] = r.lightning_address ? "lnurl" : "bip353";
  if (r.lightning_address) o["lnurl"] = lnurl_json(*r.lightning_address);
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

namespace {

namespace json = boost::json;

// What a flag rendering depends on besides the entry: the tip (its height,
// its hash and the hash below it, which `previous` shows) or, without one,
// the reason. The hash below is part of the key: the tip's hash commits to
// it on a real chain, but nothing here checks that a source says so.
struct tip_key {
  bool has_tip = false;
  std::uint32_t height = 0;
  flag::block_hash hash{};
  std::optional<flag::block_hash> previous;
  std::string reason;
  friend bool operator==(const tip_key&, const tip_key&) = default;
};

tip_key key_of(const flag::tip_state& tips) {
  tip_key k;
  if (tips.tip && !tips.tip->hashes.empty()) {
    k.has_tip = true;
    k.height = tips.tip->height;
    k.hash = tips.tip->hashes.front();
    if (tips.tip->hashes.size() > 1) k.previous = tips.tip->hashes[1];
  } else {
    k.reason = tips.reason;
  }
  return k;
}

// The parts of a served entry's JSON that do not change per request, rendered
// once per entry. Decoding the offer again on every hit (for offer_info)
// validates its secp256k1 points, a modular square root each: that alone cost
// more than the rest of a cache hit together. Entries are immutable
// (shared_ptr<const cache::answer>), so a rendering stays right for as long as
// its entry lives; only ttl, cached, stale, payer_note and the flag (with the
// chain tip) change per request.
struct entry_parts {
  // The entry this slot was rendered for. While `entry` has not expired the
  // object at `key` is still that entry (its address cannot be reused), so the
  // pair identifies it; an evicted entry leaves a stale slot that never matches.
  const cache::answer* key = nullptr;
  std::weak_ptr<const cache::answer> entry;
  json::value offer_info;  // for served_answer_json
  std::optional<bolt12::offer_summary> summary;  // the offer's, decoded once (none: no offer)
  // `"status":…,"source":…,"uri":…,"offer":…,"offer_info":…`, no braces.
  std::string fixed;
  // `"name":…,"display":…,"bip353_name":{…}` for this user and domain (an
  // entry is keyed by its name, but the check costs two compares).
  std::string user, domain, identity;
  // The flag members (`"flag":…` and, without a flag, `"flag_reason":…`)
  // for the tip `flag_tip`.
  std::optional<tip_key> flag_tip;
  json::object flag_members;
  std::string flag_text;
  // The `sms` text (serialised JSON string) for the short code `sms_note`,
  // valid while the flag and the name are.
  bool sms_valid = false;
  std::string sms_note, sms, sms_json;
};

// A small direct-mapped table: bounded (a few hundred slots of about 1 KB),
// and a hit costs one hash and one compare. Per thread, since the hrn tool and
// tests may render from several threads; the relay renders on its one loop.
constexpr std::size_t memo_slots = 256;

// The rendering of `o` without its outer braces, as Boost.JSON serializes it,
// so the fast path writes exactly the bytes the object path writes.
std::string members(const json::object& o) {
  auto text = json::serialize(o);
  return text.substr(1, text.size() - 2);
}

entry_parts& parts_of(const name::address& a, const std::shared_ptr<const cache::answer>& answer,
                      const flag::tip_state& tips) {
  thread_local std::array<entry_parts, memo_slots> memo;
  const auto* key = answer.get();
  auto& slot = memo[(reinterpret_cast<std::uintptr_t>(key) >> 4) % memo_slots];
  if (slot.key != key || slot.entry.expired()) {
    const auto& v = *answer;
    slot.key = key;
    slot.entry = answer;
    // The offer was checked when the entry was made; decoding it again only
    // renders its summary.
    slot.offer_info = nullptr;
    slot.summary.reset();
    const auto offer_text = v.offer();
    if (!offer_text.empty())
      if (auto offer = bolt12::decode_offer(offer_text)) {
        slot.offer_info = summary_json(*offer);
        slot.summary = bolt12::summarize(*offer);
      }
    json::object fixed;
    fixed["status"] = status_of(v);
    fixed["source"] = source_of(v);
    fixed["uri"] = v.found ? json::value(v.uri) : nullptr;
    fixed["offer"] = offer_text.empty() ? json::value(nullptr) : json::value(json::string(offer_text));
    fixed["offer_info"] = slot.offer_info;
    if (v.lightning_address) fixed["lnurl"] = lnurl_json(*v.lightning_address);
    slot.fixed = members(fixed);
    slot.user.clear();
    slot.domain.clear();
    slot.identity.clear();
    slot.flag_tip.reset();
  }
  if (slot.identity.empty() || slot.user != a.user || slot.domain != a.domain) {
    slot.identity = members(name_fields(a));
    slot.user = a.user;
    slot.domain = a.domain;
    slot.sms_valid = false;
  }
  auto tip = key_of(tips);
  if (!slot.flag_tip || *slot.flag_tip != tip) {
    slot.flag_members = flag_json(make_payment_view(a, *answer, slot.summary, tips).flag);
    slot.flag_text = members(slot.flag_members);
    slot.flag_tip = std::move(tip);
    slot.sms_valid = false;
  }
  if (!slot.sms_valid || slot.sms_note != a.short_code) {
    slot.sms = make_payment_view(a, *answer, slot.summary, tips).sms;
    slot.sms_json = json::serialize(json::string(slot.sms));
    slot.sms_note = a.short_code;
    slot.sms_valid = true;
  }
  return slot;
}

std::uint64_t ttl_left(const resolve::served_answer& s, std::uint64_t now) {
  return s.expires_at > now ? s.expires_at - now : 0;
}

}  // namespace

boost::json::object flag_json(const flag_result& f) {
  boost::json::object o;
  if (f.flag) {
    auto one = one_flag_json(*f.flag);
    if (f.previous) one["previous"] = one_flag_json(*f.previous);
    o["flag"] = std::move(one);
  } else {
    o["flag"] = nullptr;
    o["flag_reason"] = f.reason;
  }
  return o;
}

boost::json::object served_answer_json(const name::address& a, const resolve::served_answer& s,
                                       std::uint64_t now, bool with_proof, const flag::tip_state& tips) {
  auto o = identity(a);
  const auto& v = *s.answer;
  const auto& parts = parts_of(a, s.answer, tips);
  o["status"] = status_of(v);
  o["source"] = source_of(v);
  o["uri"] = v.found ? boost::json::value(v.uri) : nullptr;
  const auto offer_text = v.offer();
  o["offer"] = offer_text.empty() ? boost::json::value(nullptr) : boost::json::value(boost::json::string(offer_text));
  o["offer_info"] = parts.offer_info;
  // After offer_info, as in `fixed`: both paths write the same bytes.
  if (v.lightning_address) o["lnurl"] = lnurl_json(*v.lightning_address);
  for (const auto& [k, value] : parts.flag_members) o[k] = value;
  o["sms"] = parts.sms;
  boost::json::object dnssec{{"validated", true}};
  if (with_proof) dnssec["proof"] = to_base64(v.chain);
  o["dnssec"] = std::move(dnssec);
  o["ttl"] = ttl_left(s, now);
  o["cached"] = s.cached;
  o["stale"] = s.stale;
  return o;
}

std::string served_answer_text(const name::address& a, const resolve::served_answer& s,
                               std::uint64_t now, bool with_proof, const flag::tip_state& tips) {
  // The proof is large and rarely asked for: the object path renders it.
  if (with_proof) return json::serialize(served_answer_json(a, s, now, with_proof, tips));
  const auto& parts = parts_of(a, s.answer, tips);
  std::string out;
  out.reserve(parts.identity.size() + parts.fixed.size() + parts.flag_text.size() + 160);
  out += '{';
  out += parts.identity;
  if (a.short_code.empty()) {
    out += ",\"payer_note\":null,\"invreq_payer_note\":null";
  } else {
    const auto note = json::serialize(json::string_view(a.short_code));
    out += ",\"payer_note\":";
    out += note;
    out += ",\"invreq_payer_note\":";
    out += note;
  }
  out += ',';
  out += parts.fixed;
  out += ',';
  out += parts.flag_text;
  out += ",\"sms\":";
  out += parts.sms_json;
  out += ",\"dnssec\":{\"validated\":true},\"ttl\":";
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, ttl_left(s, now)).ptr;
  out.append(digits, end);
  out += s.cached ? ",\"cached\":true" : ",\"cached\":false";
  out += s.stale ? ",\"stale\":true}" : ",\"stale\":false}";
  return out;
}

boost::json::object failed_answer_json(const name::address& a, const error& e) {
  auto o = identity(a);
  o["status"] = "error";
  o["error"] = {{"code", e.code}, {"message", e.message}};
  return o;
}

}  // namespace hrn::api
