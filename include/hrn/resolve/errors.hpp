#pragma once
// Stable error codes of the resolve module (BIP 353 rules, the lookup, PSBT
// proofs). They appear as `error.code` in the CLI and the HTTP API, so other
// programs match on them: never rename one. The validator's codes are in
// hrn/dns/errors.hpp, the transports' in hrn/dns/transport/errors.hpp and
// hrn/tor/errors.hpp.

#include <string_view>

namespace hrn::resolve::errc {

// No TXT RR at the name starts with "bitcoin:" (any case).
inline constexpr std::string_view no_bitcoin_record = "no_bitcoin_record";
// More than one does: BIP 353 refuses them all.
inline constexpr std::string_view multiple_bitcoin_records = "multiple_bitcoin_records";
// The URI's query part is malformed (bad %-escape, repeated lno=).
inline constexpr std::string_view bad_uri = "bad_uri";
// `lno=` holds something BOLT 12 rejects (the message says why).
inline constexpr std::string_view invalid_offer = "invalid_offer";
// A PSBT_OUT_DNSSEC_PROOF value that does not hold a name and a chain, or
// a bitcoin: TXT record that does not decode.
inline constexpr std::string_view malformed = "malformed";
// Too many lookups are under way; the relay sheds this one (HTTP 429).
inline constexpr std::string_view busy = "busy";
// A wallet's DNS question the relay does not answer (not a BIP 353 TXT, not
// the DS/DNSKEY of a zone on a chain it holds): REFUSED over DoH, 400 here.
inline constexpr std::string_view refused_question = "refused_question";
// --methods is not bip353 or bip353,lnurl.
inline constexpr std::string_view bad_methods = "bad_methods";
// The PSBT proof is for another name than the one given.
inline constexpr std::string_view name_mismatch = "name_mismatch";

// A cache entry from outside the process (a snapshot, the shared cache of
// several relays) with nothing left to serve: past its times, or its chain's
// signatures have lapsed. Not a fault; the name is looked up again.
inline constexpr std::string_view entry_expired = "entry_expired";
// Such an entry that must not be served: its chain fails validation for its
// name, or the answer it records is not what its chain says (tampering).
inline constexpr std::string_view entry_invalid = "entry_invalid";

}  // namespace hrn::resolve::errc
