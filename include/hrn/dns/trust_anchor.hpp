#pragma once
// Trust anchors: DS records for the zones where validation starts.
// Error code: bad_trust_anchor.

#include <string_view>
#include <vector>

#include "hrn/dns/name.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

struct trust_anchor {
  name owner;  // the zone ("." for the root)
  ds_rdata ds;
  friend bool operator==(const trust_anchor&, const trust_anchor&) = default;
};

// IANA root KSK-2017 (20326) and KSK-2024 (38696), RSA/SHA-256, SHA-256 digests
// (https://data.iana.org/root-anchors/root-anchors.xml).
std::vector<trust_anchor> builtin_root_anchors();

// DS records in zone-file syntax, one per entry, e.g.
//   . IN DS 20326 8 2 E06D44B8...
//   example. 3600 IN DS 12345 13 2 ( 1A2B...
//                                    3C4D... ) ; comment
// TTL and class are optional and may come in either order; ";" starts a
// comment; parentheses continue an entry over lines; the digest may be split
// by blanks. Other record types are refused. At least one DS is required.
result<std::vector<trust_anchor>> parse_trust_anchors(std::string_view text);

}  // namespace hrn::dns
