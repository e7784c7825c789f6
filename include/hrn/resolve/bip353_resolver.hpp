#pragma once
// One BIP 353 lookup: collect the DNSSEC chain for the name's TXT record,
// validate it locally to the trust anchors, apply the BIP 353 rules, and keep
// the RFC 9102 proof. The transport is whatever `exchange` sends through.

#include <cstdint>
#include <optional>

#include <boost/asio/awaitable.hpp>

#include "hrn/dns/validator.hpp"
#include "hrn/lnurl/pay_request.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/bip353.hpp"
#include "hrn/resolve/chain_collector.hpp"
#include "hrn/util/result.hpp"

namespace hrn::resolve {

struct bip353_resolution {
  bool found = false;  // false: DNSSEC proves the name (or its TXT) does not exist
  std::optional<payment_instructions> instructions;  // when found
  std::uint32_t ttl = 0;                 // BIP 353 cache limit: min TTL over the chain
  std::uint64_t expires = 0;             // earliest RRSIG expiry (unix seconds)
  bytes proof;                           // RFC 9102 AuthenticationChain
  unsigned round_trips = 0;
  unsigned queries = 0;
  // The Lightning Address fallback's answer (LUD-16), only when `found` is
  // false: BIP 353 proved the name absent (`proof` says so) and the domain's
  // web server then answered a valid payRequest. The answer's source is then
  // "lnurl" and its status ok.
  std::optional<lnurl::pay_request> lightning_address;
};

// Errors: the validator's (dnssec_bogus, dnssec_insecure, alias_loop,
// malformed), the BIP 353 rules' (no_bitcoin_record, multiple_bitcoin_records,
// bad_uri, invalid_offer), the transport's (upstream_error, upstream_timeout).
// With `key_cache`, zone keys validated by earlier lookups are reused.
boost::asio::awaitable<result<bip353_resolution>> resolve_bip353(
    const dns_exchange& exchange, const dns::chain_validator& validator,
    const name::address& address, std::uint64_t now_unix, dns::validated_key_cache* key_cache = nullptr);

// The same rules on an answer already validated (offline proof checks).
result<bip353_resolution> interpret_validated(const dns::validated_answer& answer);

}  // namespace hrn::resolve
