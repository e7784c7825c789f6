#pragma once
// Answers wallets' DNS questions (wallet_question.hpp) from the same cache
// entries as /v1/resolve: a BIP 353 TXT question is a lookup of the name
// through the answer service (cache, single-flight, the scheduler's rounds);
// DS and DNSKEY come from a chain the relay holds for a name under that zone
// that the same asker looked up (see ask()).
// Every answer is cut from a chain re-validated here, so the AD bit is the
// relay's own verdict, never a resolver's.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <deque>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "hrn/cache/answer.hpp"
#include "hrn/dns/rr.hpp"
#include "hrn/dns/validator.hpp"
#include "hrn/resolve/lookup_pipeline.hpp"
#include "hrn/resolve/wallet_question.hpp"
#include "hrn/util/result.hpp"

namespace hrn::resolve {

class answer_service;
struct served_answer;

struct wallet_answer {
  std::uint16_t rcode = 0;  // dns::rcode: noerror, nxdomain, servfail, refused
  bool validated = false;   // the relay validated it (AD may be set)
  std::vector<dns::rr> records;     // aliases followed, then the RRset asked for
  std::vector<dns::rr> signatures;  // the RRSIGs covering `records`
  std::vector<dns::rr> denial;      // NSEC/NSEC3 and their RRSIGs (negative or wildcard answers)
  std::uint32_t ttl = 0;            // seconds it may be cached (every TTL above is capped by it)
  std::shared_ptr<const cache::answer> entry;  // the chain it came from (TXT questions)
  std::optional<error> failure;     // why the answer is SERVFAIL or REFUSED
};

// Re-validates `chain` for (qname, qtype) now; the relay wires this to its
// lookup pipeline's validator and key cache.
using chain_check =
    std::function<result<dns::validated_answer>(byte_view chain, const dns::name& qname, std::uint16_t qtype)>;

class wallet_dns {
 public:
  wallet_dns(answer_service& answers, chain_check check, unix_clock clock = system_unix_now);

  // `asker` says who asks (the router gives the client's address on the
  // clear-net listener, the connection over the onion service). A zone's
  // keys are answered only to the asker whose own BIP 353 question went
  // through that zone: the index is filled by lookups, and "held" versus
  // REFUSED told anyone that someone had just asked for a payment name
  // under a zone (DESIGN.md, threat model: nobody may learn who asked or
  // when, and the relay's answers to one client must not depend on what
  // another asked beyond the cache's own TXT answers).
  boost::asio::awaitable<wallet_answer> ask(wallet_question question, std::string asker);

  // (asker, zone) pairs whose keys can be answered now (bounded).
  std::size_t zones_known() const { return zone_order_.size(); }
  static constexpr std::size_t max_zones = 4096;

 private:
  struct zone_source {
    // Weak: the cache's byte bound decides how long a chain lives; the
    // index must not pin up to max_zones chains the cache has evicted.
    std::weak_ptr<const cache::answer> entry;  // a chain through the zone
    dns::name qname;                           // the name that chain proves
    std::uint64_t expires_at = 0;
    std::uint64_t stored_at = 0;               // its TTLs count down from here
  };
  wallet_answer keys_of(const wallet_question& question, const std::string& asker);
  void remember_zones(const std::shared_ptr<const cache::answer>& entry, const dns::name& qname,
                      const dns::validated_answer& answer, const served_answer& served, const std::string& asker);

  answer_service& answers_;
  chain_check check_;
  unix_clock clock_;
  std::map<std::string, zone_source> zones_;  // asker, NUL, zone (text) -> where its keys are
  std::deque<std::string> zone_order_;        // insertion order, for the bound
};

}  // namespace hrn::resolve
