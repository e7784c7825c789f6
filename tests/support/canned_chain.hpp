#pragma once
// A validation result for the wallet tests: the name's TXT record "btc",
// proven (as a chain check would report it) through example.com.'s keys, so
// the wallet's zone index learns that zone from it. No signatures: the
// tests that use it exercise what is served, not DNSSEC.

#include "hrn/dns/name.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/dns/validator.hpp"

namespace test_support {

inline hrn::dns::validated_answer through_example_com(const hrn::dns::name& qname, std::uint16_t qtype) {
  namespace dns = hrn::dns;
  dns::validated_answer v;
  v.qname = qname;
  v.final_name = qname;
  v.qtype = qtype;
  v.min_ttl = 300;
  v.records.push_back(dns::rr{qname, dns::rr_type::txt, dns::class_in, 300, hrn::bytes{3, 'b', 't', 'c'}});
  v.proof = v.records;
  v.proof.push_back(dns::rr{dns::name::from_text("example.com.").value(), dns::rr_type::dnskey, dns::class_in,
                            3600, hrn::bytes{1, 1, 3, 13, 0xaa, 0xbb}});
  return v;
}

}  // namespace test_support
