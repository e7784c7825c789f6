#pragma once
// Groups a pool of RRs into RRsets with their RRSIGs (private to dns/).

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "hrn/dns/rdata.hpp"
#include "hrn/dns/rr.hpp"

namespace hrn::dns::detail {

struct signature {
  const rr* record;
  rrsig_rdata rdata;
};

struct rrset_entry {
  name owner;
  std::uint16_t type = 0;
  std::vector<const rr*> records;  // identical RDATA once (the lowest TTL); canonical form drops the rest
  std::vector<signature> sigs;
};

class pool_index {
 public:
  explicit pool_index(std::span<const rr> pool);

  const rrset_entry* find(const name& owner, std::uint16_t type) const;
  // Every RRset of `type` that has records (e.g. all NSEC3 sets).
  std::vector<const rrset_entry*> all_of_type(std::uint16_t type) const;

 private:
  using key = std::pair<std::string, std::uint16_t>;
  static key make_key(const name& owner, std::uint16_t type);
  std::map<key, rrset_entry> sets_;
};

}  // namespace hrn::dns::detail
