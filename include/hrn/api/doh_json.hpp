#pragma once
// The JSON DoH shapes public resolvers serve, so a wallet written for them
// works against the relay by changing one URL: Google's `/resolve` and
// Cloudflare's `application/dns-json`. Fields: Status, TC, RD, RA, AD, CD,
// Question [{name, type}], Answer [{name, type, TTL, data}] (absent when
// empty), Authority (the denial records, with do=1), Comment (on refusals).
// The two differ in TXT `data`: Google joins the strings unquoted (Phoenix
// feeds it straight to its BIP 21 parser), Cloudflare quotes each string.

#include <cstdint>
#include <string>

#include <boost/json/fwd.hpp>

#include "hrn/dns/name.hpp"
#include "hrn/resolve/wallet_dns.hpp"

namespace hrn::api {

enum class json_doh_style { google, cloudflare };

struct json_doh_question {
  std::string name;  // as asked
  std::uint16_t type = 0;
  bool dnssec_ok = false;     // do=1: RRSIGs and denial records too
  bool checking_disabled = false;  // cd=1
};

boost::json::object doh_json(const json_doh_question& q, const resolve::wallet_answer& a, json_doh_style style);

}  // namespace hrn::api
