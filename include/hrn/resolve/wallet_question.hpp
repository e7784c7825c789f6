#pragma once
// Which DNS questions the relay answers for wallets that speak DoH, JSON DoH
// or the proof-server API: a BIP 353 name's TXT record, and the DS and DNSKEY
// sets of the zones on such a name's chain. Anything else is refused: the
// relay is not an open resolver. Pure.

#include <cstdint>
#include <optional>
#include <string>

#include "hrn/dns/name.hpp"
#include "hrn/name/address.hpp"

namespace hrn::resolve {

enum class wallet_ask {
  bip353_txt,  // TXT at <user>.user._bitcoin-payment.<domain>.
  zone_keys,   // DS or DNSKEY of a zone (answered from a chain already held)
  refused,
};

struct wallet_question {
  wallet_ask kind = wallet_ask::refused;
  dns::name qname;  // as dns::name keeps every name: lower-cased
  std::uint16_t qtype = 0;
  std::optional<name::address> address;  // bip353_txt only
  std::string why;                       // refused only: what was wrong
};

wallet_question classify_wallet_question(const dns::name& qname, std::uint16_t qtype, std::uint16_t qclass);

}  // namespace hrn::resolve
