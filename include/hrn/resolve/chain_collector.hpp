#pragma once
// Collects, from a recursive resolver, every record needed to validate one
// answer down from the root: the answer (with CNAME/DNAME), and DS + DNSKEY
// for each zone on the way. All ancestors of the query name are known before
// the first answer, so their DS and DNSKEY queries go in the same pipelined
// flight as the answer query; what turns out not to be a zone cut is simply
// unused. Without aliases this is one round trip; each alias into another
// zone adds at most one more.

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "hrn/dns/name.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::resolve {

// Sends one DNS query message and returns the raw reply (transport-agnostic:
// a pipelined TCP connection, DoH, ... each with its own deadline).
using dns_exchange = std::function<boost::asio::awaitable<result<bytes>>(bytes query)>;

struct collected_chain {
  std::vector<dns::rr> pool;  // answer and authority records of every reply
  unsigned round_trips = 0;   // flights that had to wait for the one before
  unsigned queries = 0;
  // The first transport failure of a supporting (DS/DNSKEY) query, if any:
  // reported instead of a validation failure it may have caused.
  std::optional<error> support_failure;
};

struct collect_limits {
  unsigned max_flights = 4;     // answer flight + alias flights
  std::size_t max_queries = 64;
};

// Error codes: upstream_error (SERVFAIL/REFUSED, malformed reply, wrong
// question, connection failure) and upstream_timeout, for the answer query.
boost::asio::awaitable<result<collected_chain>> collect_chain(const dns_exchange& exchange,
                                                              const dns::name& qname,
                                                              std::uint16_t qtype,
                                                              collect_limits limits = {});

}  // namespace hrn::resolve
