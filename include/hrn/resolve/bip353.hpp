#pragma once
// BIP 353 "Resolution" rules applied to a validated TXT RRset: which record
// holds the payment instructions, how its strings join, and what the
// `bitcoin:` URI carries. Pure: the DNSSEC validation happened before.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hrn/bolt12/offer.hpp"
#include "hrn/util/result.hpp"

namespace hrn::resolve {

struct payment_instructions {
  std::string uri;                        // the whole `bitcoin:` URI, as published
  std::optional<std::string> offer_text;  // the `lno=` value, when present
  std::optional<bolt12::offer> offer;     // decoded and checked, when present
};

// One TXT RR as its <character-string>s in RDATA order.
using txt_strings = std::vector<std::string>;

// Error codes:
//   no_bitcoin_record         no RR starts with "bitcoin:" (any case)
//   multiple_bitcoin_records  more than one does (BIP 353: refuse them all)
//   bad_uri                   the URI's query part is malformed (bad %-escape, repeated lno)
//   invalid_offer             `lno=` holds something BOLT 12 rejects (message says why)
result<payment_instructions> interpret_txt_rrset(const std::vector<txt_strings>& rrset);

// The value of `key` (case-insensitive) in a BIP 21 URI's query, %-decoded.
// nullopt when absent; error `bad_uri` when malformed or repeated.
result<std::optional<std::string>> bip21_parameter(std::string_view uri, std::string_view key);

}  // namespace hrn::resolve
