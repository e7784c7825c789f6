#include "hrn/api/doh_json.hpp"

#include <boost/json.hpp>

#include "hrn/dns/presentation.hpp"
#include "hrn/util/utf8.hpp"

namespace hrn::api {
namespace json = boost::json;

namespace {

// JSON strings carry UTF-8 only: a TXT octet that is not part of a valid
// character becomes U+FFFD (quoted TXT is already ASCII with \DDD escapes).
std::string valid_utf8(std::string_view s) {
  if (utf8::is_valid(s)) return std::string(s);
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto d = utf8::decode(s, i);
    if (d.valid)
      out.append(s.substr(i, d.length));
    else
      utf8::append(out, 0xfffd);
    i += d.length;
  }
  return out;
}

json::array records_json(const std::vector<dns::rr>& records, dns::txt_style style) {
  json::array out;
  for (const auto& r : records)
    out.push_back(json::object{{"name", r.owner.to_text()},
                               {"type", r.type},
                               {"TTL", r.ttl},
                               {"data", valid_utf8(dns::rdata_to_text(r, style))}});
  return out;
}

}  // namespace

json::object doh_json(const json_doh_question& q, const resolve::wallet_answer& a, json_doh_style style) {
  const auto txt = style == json_doh_style::google ? dns::txt_style::joined : dns::txt_style::quoted;
  json::object o;
  o["Status"] = a.rcode;
  o["TC"] = false;
  o["RD"] = true;
  o["RA"] = true;
  // RFC 6840 §5.7: AD only for a query that asked with AD or DO. A JSON
  // query has no header bits; both providers answer it as one that asked
  // (their replies carry AD for validated data without do=1), and so does
  // the relay: AD is set exactly when the relay validated the answer.
  o["AD"] = a.validated;
  o["CD"] = q.checking_disabled;
  std::string qname = q.name;
  if (qname.empty() || qname.back() != '.') qname.push_back('.');
  o["Question"] = json::array{json::object{{"name", valid_utf8(qname)}, {"type", q.type}}};
  std::vector<dns::rr> answer = a.records;
  if (q.dnssec_ok) answer.insert(answer.end(), a.signatures.begin(), a.signatures.end());
  if (!answer.empty()) o["Answer"] = records_json(answer, txt);
  if (q.dnssec_ok && !a.denial.empty()) o["Authority"] = records_json(a.denial, txt);
  if (a.failure) o["Comment"] = a.failure->message;
  return o;
}

}  // namespace hrn::api
