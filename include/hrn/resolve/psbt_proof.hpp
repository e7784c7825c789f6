#pragma once
// BIP 353's PSBT_OUT_DNSSEC_PROOF value: a 1-byte length, the name (without
// the ₿), then an RFC 9102 AuthenticationChain. Pure: bytes and time in.

#include <cstdint>
#include <span>
#include <string>

#include "hrn/dns/rr.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::resolve {

struct psbt_dnssec_proof {
  std::string name;  // user@domain as carried, not yet parsed
  byte_view chain;   // into the value given
};

// Error: malformed (too short for its name length).
result<psbt_dnssec_proof> split_psbt_dnssec_proof(byte_view value);

// BIP 353 asks a signer to check that the inception of every RRSIG in the
// proof is in the past, not only of those the validation used: a proof
// carrying a signature from the future was made with a clock (or by someone)
// one should not trust. Error: dnssec_bogus, naming the first such RRSIG.
status check_rrsig_inceptions(std::span<const dns::rr> chain, std::uint64_t now);

}  // namespace hrn::resolve
