#include "hrn/resolve/wallet_question.hpp"

#include "hrn/dns/rr.hpp"

namespace hrn::resolve {
namespace {

wallet_question refused(const dns::name& qname, std::uint16_t qtype, std::string why) {
  wallet_question q;
  q.qname = qname;
  q.qtype = qtype;
  q.why = std::move(why);
  return q;
}

}  // namespace

wallet_question classify_wallet_question(const dns::name& qname, std::uint16_t qtype, std::uint16_t qclass) {
  if (qclass != dns::class_in) return refused(qname, qtype, "only class IN is answered");
  if (qtype == dns::rr_type::ds || qtype == dns::rr_type::dnskey) {
    wallet_question q;
    q.kind = wallet_ask::zone_keys;
    q.qname = qname;
    q.qtype = qtype;
    return q;
  }
  if (qtype != dns::rr_type::txt)
    return refused(qname, qtype, "only TXT (BIP 353 names), DS and DNSKEY questions are answered");
  // <user labels>.user._bitcoin-payment.<domain labels>
  const auto labels = qname.label_count();
  for (std::size_t i = 1; i + 1 < labels; ++i) {
    if (qname.label(i) != "user" || qname.label(i + 1) != "_bitcoin-payment") continue;
    std::string user, domain;
    for (std::size_t k = 0; k < i; ++k) user.append(k ? "." : "").append(qname.label(k));
    for (std::size_t k = i + 2; k < labels; ++k) domain.append(k > i + 2 ? "." : "").append(qname.label(k));
    auto address = name::parse(user + "@" + domain);
    // Only names the parser gives back unchanged: the question and the
    // lookup must be about the very same DNS name.
    if (!address || address->dns_name() != qname.to_text())
      return refused(qname, qtype, "not a valid BIP 353 name");
    wallet_question q;
    q.kind = wallet_ask::bip353_txt;
    q.qname = qname;
    q.qtype = qtype;
    q.address = std::move(*address);
    return q;
  }
  return refused(qname, qtype, "not a BIP 353 name (<user>.user._bitcoin-payment.<domain>)");
}

}  // namespace hrn::resolve
