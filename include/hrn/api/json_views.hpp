#pragma once
// JSON views of the project's values, shared by the `hrn` tool and the HTTP
// API so both print the same field names. Boost.JSON stays out of this header.

#include <cstdint>

#include "hrn/util/result.hpp"

namespace boost::json {
class object;
}
namespace hrn::name {
struct address;
}
namespace hrn::bolt12 {
struct offer;
}
namespace hrn::flag {
struct tip_state;
}
namespace hrn::lnurl {
struct pay_request;
}
namespace hrn::resolve {
struct bip353_resolution;
struct served_answer;
}

namespace hrn::api {

struct flag_result;

// {"error": {"code": …, "message": …}}
boost::json::object error_json(const error& e);

// {user, domain, short_code, dns_name, idn, display}; short_code is null when absent.
boost::json::object to_json(const name::address& a);

// Every field of a decoded offer (for `hrn decode-offer`).
boost::json::object to_json(const bolt12::offer& o);

// The compact summary that answers carry as `offer_info`.
boost::json::object summary_json(const bolt12::offer& o);

// The `lnurl` member of a Lightning Address answer (source "lnurl"):
// {callback, callback_host, callback_domain_matches, min_sendable,
// max_sendable (millisatoshi), description (text/plain), metadata (the
// string as the service sent it: the invoice's description hash is over
// it), identifier (text/identifier or text/email, or null), comment_allowed}.
boost::json::object lnurl_json(const lnurl::pay_request& p);

// The answer object for one resolved name (shared by `hrn resolve`,
// `hrn verify-proof` and the HTTP API): name, display, status ("ok" or
// "not_found"), uri, offer, offer_info, bip353_name, payer_note, source
// ("bip353", or "lnurl" with an `lnurl` object and no uri/offer),
// dnssec {validated, proof}, ttl, expires, round_trips; `proof` (base64 RFC
// 9102) only when `with_proof`.
boost::json::object answer_json(const name::address& a, const resolve::bip353_resolution& r,
                                bool with_proof);

// The relay's answer object for a served cache entry (DESIGN "HTTP API
// shape"): name, display, status, uri, offer, offer_info, bip353_name,
// payer_note, invreq_payer_note, source, flag ({height, colours, names,
// previous} at the tip of `tips`, or null with `flag_reason`), dnssec
// {validated, proof (base64 RFC 9102, when `with_proof`)}, ttl (seconds of
// freshness left at `now`; 0 when stale), cached, stale. A view of the one
// entry: no field needs another lookup.
boost::json::object served_answer_json(const name::address& a, const resolve::served_answer& s,
                                       std::uint64_t now, bool with_proof, const flag::tip_state& tips);

// {"flag": {height, colours ["#rrggbb" ×4], names [×4], previous {…}}} or
// {"flag": null, "flag_reason": "…"}.
boost::json::object flag_json(const flag_result& f);

// The answer object of a failed lookup: name, display, status "error", error {code, message}.
boost::json::object failed_answer_json(const name::address& a, const error& e);

}  // namespace hrn::api
