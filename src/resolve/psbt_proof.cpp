#include "hrn/resolve/psbt_proof.hpp"

#include "hrn/dns/errors.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/dns/rrsig.hpp"
#include "hrn/resolve/errors.hpp"

namespace hrn::resolve {

result<psbt_dnssec_proof> split_psbt_dnssec_proof(byte_view value) {
  if (value.empty() || value.size() < 1u + value[0])
    return make_error(errc::malformed, "PSBT proof too short for its name length");
  psbt_dnssec_proof out;
  out.name.assign(reinterpret_cast<const char*>(value.data() + 1), value[0]);
  out.chain = value.subspan(1u + value[0]);
  return out;
}

status check_rrsig_inceptions(std::span<const dns::rr> chain, std::uint64_t now) {
  for (const auto& r : chain) {
    if (r.type != dns::rr_type::rrsig) continue;
    auto sig = dns::decode_rrsig(r.rdata);
    if (!sig) return dns::bogus("RRSIG at " + r.owner.to_text() + " does not decode: " + sig.err().message);
    const std::uint64_t inception = dns::rrsig_time(sig->inception, now);
    if (inception > now)
      return dns::bogus("the proof carries an RRSIG (" + r.owner.to_text() + " " +
                        dns::type_to_text(sig->type_covered) + ") whose inception " + std::to_string(inception) +
                        " is in the future (now " + std::to_string(now) + "); BIP 353 requires every one to be past");
  }
  return ok_status();
}

}  // namespace hrn::resolve
