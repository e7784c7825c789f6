#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/errors.hpp"

namespace hrn::dns {

result<std::vector<rr>> parse_auth_chain(byte_view chain) {
  if (chain.size() > max_auth_chain_octets)
    return make_error(errc::malformed, "authentication chain longer than 65535 octets");
  std::vector<rr> out;
  std::size_t pos = 0;
  while (pos < chain.size()) {
    if (out.size() == max_auth_chain_records)
      return make_error(errc::malformed, "authentication chain has too many records");
    auto r = parse_rr_uncompressed(chain, pos);
    if (!r) return make_error(errc::malformed, "authentication chain: " + r.err().message);
    out.push_back(std::move(*r));
  }
  return out;
}

bytes serialize_auth_chain(std::span<const rr> records) {
  bytes out;
  for (const auto& r : records) append_rr(out, r);
  return out;
}

result<validated_answer> verify_chain(const name& qname, std::uint16_t qtype, byte_view chain,
                                      std::span<const trust_anchor> anchors, std::uint64_t now,
                                      const validation_options& options) {
  auto pool = parse_auth_chain(chain);
  if (!pool) return pool.err();
  chain_validator v(std::vector<trust_anchor>(anchors.begin(), anchors.end()), options);
  return v.validate(*pool, qname, qtype, now);
}

}  // namespace hrn::dns
