#include "hrn/resolve/bip353_resolver.hpp"

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/resolve/errors.hpp"

namespace hrn::resolve {
namespace {

// The bytes of the first <character-string> (as many as are there) begin
// with "bitcoin:", ignoring case.
bool starts_like_bitcoin_uri(byte_view txt_rdata) {
  constexpr std::string_view prefix = "bitcoin:";
  if (txt_rdata.size() < 1 + prefix.size() || txt_rdata[0] < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = static_cast<char>(txt_rdata[1 + i]);
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

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
    if (!strings) {
      // BIP 353: TXT records that do not start with "bitcoin:" MUST be
      // ignored, and one that does not even decode is no exception. Only a
      // record whose first string starts "bitcoin:" is ours to refuse.
      if (!starts_like_bitcoin_uri(r.rdata)) continue;
      return make_error(errc::malformed, "the bitcoin: TXT record does not decode: " + strings.err().message);
    }
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
    const name::address& address, std::uint64_t now_unix, dns::validated_key_cache* key_cache) {
  auto qname = dns::name::from_text(address.dns_name());
  if (!qname) co_return std::move(qname).err();
  auto chain = co_await collect_chain(exchange, *qname, dns::rr_type::txt);
  if (!chain) co_return std::move(chain).err();
  dns::validation_context context{key_cache, {}};
  auto answer = validator.validate(chain->pool, *qname, dns::rr_type::txt, now_unix, context);
  if (!answer) {
    // A missing DS or DNSKEY because the upstream failed is an upstream
    // problem, not proof of an attack.
    if (chain->support_failure && dns::is_bogus(answer.err()))
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
