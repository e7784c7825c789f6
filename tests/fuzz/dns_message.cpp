// libFuzzer: DNS message parsing and every RDATA decoder reachable from it.
#include <cassert>
#include <cstddef>
#include <cstdint>

#include "hrn/dns/canonical.hpp"
#include "hrn/dns/message.hpp"
#include "hrn/dns/rdata.hpp"

using namespace hrn::dns;

namespace {

void exercise(const rr& r) {
  // Names survive a text round trip.
  auto back = name::from_text(r.owner.to_text());
  assert(back.ok() && *back == r.owner);
  (void)back;
  (void)canonical_rdata(r.type, r.rdata);
  switch (r.type) {
    case rr_type::txt: (void)decode_txt(r.rdata); break;
    case rr_type::cname:
    case rr_type::dname:
    case rr_type::ns: (void)decode_name_rdata(r.rdata); break;
    case rr_type::ds: (void)decode_ds(r.rdata); break;
    case rr_type::dnskey: (void)decode_dnskey(r.rdata); break;
    case rr_type::rrsig: {
      auto s = decode_rrsig(r.rdata);
      if (s) {
        // Re-encoding a decoded RRSIG gives back its canonical RDATA.
        auto c = canonical_rdata(r.type, r.rdata);
        assert(c.ok() && encode_rrsig(*s) == *c);
      }
      break;
    }
    case rr_type::nsec: (void)decode_nsec(r.rdata); break;
    case rr_type::nsec3: (void)decode_nsec3(r.rdata); break;
    case rr_type::nsec3param: (void)decode_nsec3param(r.rdata); break;
    case rr_type::soa: (void)decode_soa(r.rdata); break;
    default: break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto m = parse_message(hrn::byte_view(data, size));
  if (!m) return 0;
  for (const auto* section : {&m->answers, &m->authority, &m->additional})
    for (const auto& r : *section) exercise(r);
  return 0;
}
