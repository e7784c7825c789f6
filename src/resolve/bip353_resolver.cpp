#include "hrn/resolve/bip353_resolver.hpp"

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/rdata.hpp"

namespace hrn::resolve {

result<bip353_resolution> interpret_validated(const dns::validated_answer& answer) {
  bip353_resolution out;
  out.ttl = answer.min_ttl;
  out.expires = answer.earliest_expiry;
  out.proof = dns::serialize_auth_chain(answer.proof);
  if (answer.not_found()) return out;
  std::vector<txt_strings> rrset;
  for (const auto& r : answer.records) {
    if (r.type != dns::rr_type::txt) continue;
    auto strings = dns::decode_txt(r.rdata);
    if (!strings) return make_error("malformed", "TXT record does not decode: " + strings.err().message);
    rrset.push_back(std::move(*strings));
  }
  auto instructions = interpret_txt_rrset(rrset);
  if (!instructions) return std::move(instructions).err();
  out.found = true;
  out.instructions = std::move(*instructions);
  return out;
}

boost::asio::awaitable<result<bip353_resolution>> resolve_bip353(
    const dns_exchange& exchange, const dns::chain_validator& validator,
    const name::address& address, std::uint64_t now_unix) {
  auto qname = dns::name::from_text(address.dns_name());
  if (!qname) co_return std::move(qname).err();
  auto chain = co_await collect_chain(exchange, *qname, dns::rr_type::txt);
  if (!chain) co_return std::move(chain).err();
  auto answer = validator.validate(chain->pool, *qname, dns::rr_type::txt, now_unix);
  if (!answer) {
    // A missing DS or DNSKEY because the upstream failed is an upstream
    // problem, not proof of an attack.
    if (chain->support_failure && answer.err().code == "dnssec_bogus")
      co_return *chain->support_failure;
    co_return std::move(answer).err();
  }
  auto out = interpret_validated(*answer);
  if (!out) co_return std::move(out).err();
  out->round_trips = chain->round_trips;
  out->queries = chain->queries;
  co_return std::move(*out);
}

}  // namespace hrn::resolve
