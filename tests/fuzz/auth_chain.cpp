// libFuzzer: RFC 9102 chain parsing and the whole validator on what parses.
#include <cassert>
#include <cstddef>
#include <cstdint>

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/validator.hpp"

using namespace hrn::dns;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto pool = parse_auth_chain(hrn::byte_view(data, size));
  if (!pool || pool->empty()) return 0;
  // Serialising and parsing again gives the same records.
  auto again = parse_auth_chain(serialize_auth_chain(*pool));
  assert(again.ok() && *again == *pool);
  (void)again;

  // Validate the first record's (owner, type) against the real root anchors
  // and the RFC 9102 test anchor, at a time inside the seed chains' windows.
  static const chain_validator validator = [] {
    auto anchors = builtin_root_anchors();
    anchors.push_back({name{}, {47005, 13, 2, hrn::from_hex("2EB6E9F2480126691594D649A5A613DE3052E37861634641BB568746F2FFC4D4").value()}});
    return chain_validator(anchors);
  }();
  // Ask for the first and the last record's (owner, type): the seeds put
  // the answer first (RFC 9102 example) or last (the BIP 353 chains).
  for (const rr* q : {&pool->front(), &pool->back()}) {
    std::uint16_t qtype = q->type == rr_type::rrsig || q->type == rr_type::opt ? rr_type::txt : q->type;
    std::uint64_t now = q == &pool->front() ? 1580000000 : 1709100000;
    auto r = validator.validate(*pool, q->owner, qtype, now);
    if (r) {
      // A validated answer's proof validates on its own.
      auto p = validator.validate(r->proof, r->qname, r->qtype, now);
      assert(p.ok());
      (void)p;
    }
  }
  return 0;
}
