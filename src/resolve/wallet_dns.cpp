#include "hrn/resolve/wallet_dns.hpp"

#include <algorithm>

#include "hrn/dns/message.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/dns/response.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/errors.hpp"

namespace hrn::resolve {
namespace {

wallet_answer failed(std::uint16_t rcode, error why) {
  wallet_answer a;
  a.rcode = rcode;
  a.failure = std::move(why);
  return a;
}

void cap_ttls(std::vector<dns::rr>& records, std::uint32_t ttl) {
  for (auto& r : records) r.ttl = std::min(r.ttl, ttl);
}

std::uint32_t seconds_left(std::uint64_t expires_at, std::uint64_t now) {
  return expires_at > now ? static_cast<std::uint32_t>(std::min<std::uint64_t>(expires_at - now, 0xffffffffu)) : 0;
}

// A TTL of the stored chain, counted down to `now`. The chain keeps the TTLs
// the zone served when it was stored; a cache hands a record on with what
// is left of its TTL, never more (RFC 1035 §3.2.1, the TTL is how long it
// may be cached; RFC 2308 §5 for negative answers). The relay's cache may
// keep an entry longer than that (min_negative_ttl, against floods of
// absent names), but a wallet's cache must not be told it may keep it too.
std::uint32_t ttl_left(std::uint32_t ttl, std::uint64_t stored_at, std::uint64_t now) {
  const std::uint64_t age = now > stored_at ? now - stored_at : 0;
  return ttl > age ? static_cast<std::uint32_t>(ttl - age) : 0;
}

// The RRSIGs over every RRset in `records`, each RRset once.
std::vector<dns::rr> signatures_over(const std::vector<dns::rr>& records, const std::vector<dns::rr>& proof) {
  std::vector<dns::rr> out;
  std::vector<std::pair<dns::name, std::uint16_t>> seen;
  for (const auto& r : records) {
    std::pair<dns::name, std::uint16_t> key{r.owner, r.type};
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    auto sigs = dns::signatures_for(proof, r.owner, r.type);
    out.insert(out.end(), sigs.begin(), sigs.end());
  }
  return out;
}

// The aliases followed from qname, each DNAME followed by the CNAME it
// synthesizes (RFC 6672 §3.4: owner the name being resolved, target that
// name under the DNAME's target, the DNAME's TTL; unsigned, as §5.3.1 has
// it): a resolver that knows CNAME only would otherwise find no path from
// the name it asked for to the records in the answer.
std::vector<dns::rr> with_synthesized_cnames(const dns::name& qname, const std::vector<dns::rr>& aliases) {
  std::vector<dns::rr> out;
  dns::name at = qname;
  for (const auto& alias : aliases) {
    out.push_back(alias);
    auto target = dns::decode_name_rdata(alias.rdata);
    if (!target) continue;
    if (alias.type == dns::rr_type::cname) {
      at = *target;
    } else if (alias.type == dns::rr_type::dname) {
      auto next = at.replace_suffix(alias.owner, *target);
      if (!next) continue;
      const auto wire = next->wire();
      out.push_back(dns::rr{at, dns::rr_type::cname, alias.cls, alias.ttl, bytes(wire.begin(), wire.end())});
      at = std::move(*next);
    }
  }
  return out;
}

// The index key of (asker, zone): a NUL cannot occur in a zone's text form
// (to_text escapes it), so no two pairs share a key.
std::string zone_key(const std::string& asker, const dns::name& zone) {
  std::string key = asker;
  key.push_back('\0');
  return key + zone.to_text();
}

}  // namespace

wallet_dns::wallet_dns(answer_service& answers, chain_check check, unix_clock clock)
    : answers_(answers), check_(std::move(check)), clock_(std::move(clock)) {}

boost::asio::awaitable<wallet_answer> wallet_dns::ask(wallet_question question, std::string asker) {
  if (question.kind == wallet_ask::refused)
    co_return failed(dns::rcode::refused, make_error(errc::refused_question, question.why));
  if (question.kind == wallet_ask::zone_keys) co_return keys_of(question, asker);

  auto resolving = answers_.resolve(*question.address);  // named local: g++ 12
  auto served = co_await std::move(resolving);
  if (!served) co_return failed(dns::rcode::servfail, served.err());
  const auto now = clock_();
  auto validated = check_(byte_view(served->answer->chain), question.qname, question.qtype);
  if (!validated) co_return failed(dns::rcode::servfail, validated.err());

  wallet_answer a;
  a.validated = true;
  a.entry = served->answer;
  a.ttl = std::min(seconds_left(served->expires_at, now), ttl_left(validated->min_ttl, served->stored_at, now));
  a.rcode = validated->status == dns::answer_status::nxdomain ? dns::rcode::nxdomain : dns::rcode::noerror;
  a.records = with_synthesized_cnames(question.qname, validated->aliases);
  a.records.insert(a.records.end(), validated->records.begin(), validated->records.end());
  a.signatures = signatures_over(a.records, validated->proof);
  if (validated->not_found() || validated->wildcard) {
    // What proves the absence (or that no closer name matched the wildcard):
    // RFC 4035 §3.1.3 puts these in the authority section.
    std::vector<dns::rr> denial;
    for (const auto& r : validated->proof)
      if (r.type == dns::rr_type::nsec || r.type == dns::rr_type::nsec3) denial.push_back(r);
    a.denial = denial;
    auto sigs = signatures_over(denial, validated->proof);
    a.denial.insert(a.denial.end(), sigs.begin(), sigs.end());
  }
  cap_ttls(a.records, a.ttl);
  cap_ttls(a.signatures, a.ttl);
  cap_ttls(a.denial, a.ttl);
  remember_zones(served->answer, question.qname, *validated, *served, asker);
  co_return a;
}

wallet_answer wallet_dns::keys_of(const wallet_question& question, const std::string& asker) {
  const auto now = clock_();
  auto it = zones_.find(zone_key(asker, question.qname));
  // The same REFUSED whether another client's chain holds the zone or none
  // does: which it is would tell this asker what others asked.
  auto refuse = [] {
    return failed(dns::rcode::refused,
                  make_error(errc::refused_question, "no chain of yours through this zone: ask for a BIP 353 name "
                                                     "under it first, on the same connection over the onion service"));
  };
  if (it == zones_.end() || it->second.expires_at <= now) return refuse();
  const auto& source = it->second;
  const auto entry = source.entry.lock();
  if (!entry) return refuse();
  auto validated = check_(byte_view(entry->chain), source.qname, dns::rr_type::txt);
  if (!validated) return failed(dns::rcode::servfail, validated.err());
  wallet_answer a;
  a.records = dns::rrset_of(validated->proof, question.qname, question.qtype);
  if (a.records.empty())
    return failed(dns::rcode::refused, make_error(errc::refused_question, "that record set is not on the chain held"));
  a.validated = true;
  a.signatures = dns::signatures_for(validated->proof, question.qname, question.qtype);
  a.ttl = std::min(seconds_left(source.expires_at, now), ttl_left(validated->min_ttl, source.stored_at, now));
  cap_ttls(a.records, a.ttl);
  cap_ttls(a.signatures, a.ttl);
  return a;
}

void wallet_dns::remember_zones(const std::shared_ptr<const cache::answer>& entry, const dns::name& qname,
                                const dns::validated_answer& answer, const served_answer& served,
                                const std::string& asker) {
  for (const auto& r : answer.proof) {
    if (r.type != dns::rr_type::dnskey) continue;
    auto text = zone_key(asker, r.owner);
    auto [it, inserted] = zones_.insert_or_assign(text, zone_source{entry, qname, served.expires_at, served.stored_at});
    if (!inserted) continue;
    zone_order_.push_back(std::move(text));
    if (zone_order_.size() > max_zones) {
      zones_.erase(zone_order_.front());
      zone_order_.pop_front();
    }
  }
}

}  // namespace hrn::resolve
