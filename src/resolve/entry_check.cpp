#include "hrn/resolve/entry_check.hpp"

#include <algorithm>

#include "hrn/dns/rr.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/errors.hpp"

namespace hrn::resolve {

namespace {

error invalid(std::string why) { return make_error(errc::entry_invalid, std::move(why)); }
error expired() { return make_error(errc::entry_expired, "the entry has nothing left to serve"); }

}  // namespace

result<checked_entry> check_recorded_entry(const recorded_entry& entry, const chain_checker& check,
                                           const cache::ttl_policy& policy, std::uint64_t now, bool accept_stale) {
  if (entry.stale_until <= now || (!accept_stale && entry.expires_at <= now)) return expired();
  // The key must be the normalised form of a name, as the relay stores it:
  // the chain is then checked for that name and no other.
  auto address = name::parse(entry.key);
  if (!address || address->text() != entry.key || !address->short_code.empty())
    return invalid("the key is not a normalised name");
  auto qname = dns::name::from_text(address->dns_name());
  if (!qname) return invalid("the key has no DNS name");
  auto validated = check(entry.chain, *qname, dns::rr_type::txt);
  if (!validated) return invalid("the chain does not validate: " + validated.err().message);
  auto resolution = interpret_validated(*validated);
  if (!resolution) return invalid("the chain holds no usable answer: " + resolution.err().message);
  if (resolution->found != entry.found) return invalid("the recorded answer says the opposite of the chain");
  if (entry.uri) {
    const std::string_view derived = resolution->instructions ? std::string_view(resolution->instructions->uri) : "";
    if (*entry.uri != derived) return invalid("the recorded answer is not the one the chain holds");
  }
  resolution->proof.assign(entry.chain.begin(), entry.chain.end());
  // Never longer than the chain allows today, nor than was recorded, nor
  // than a lookup at the recorded time would have allowed (so an old chain
  // replayed with new times does not start a fresh TTL).
  const auto times = cache_times_of(*resolution, policy, now);
  if (times.ttl == 0 && times.stale_window == 0) return expired();
  const auto stored_at = std::min(entry.stored_at, now);
  const auto ttl_then = cache_times_of(*resolution, policy, stored_at).ttl;
  checked_entry out;
  out.stored_at = stored_at;
  out.expires_at = std::min({entry.expires_at, now + times.ttl, stored_at + std::uint64_t{ttl_then}});
  out.stale_until =
      std::max(out.expires_at, std::min<std::uint64_t>(entry.stale_until, out.expires_at + times.stale_window));
  if (out.stale_until <= now || (!accept_stale && out.expires_at <= now)) return expired();
  out.resolution = std::move(*resolution);
  return out;
}

}  // namespace hrn::resolve
