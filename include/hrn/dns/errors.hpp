#pragma once
// Stable error codes of the dns module, and the typed security outcome of a
// validation. The codes appear as `error.code` in the CLI and the HTTP API,
// so other programs match on them: never rename one. Control flow compares
// against these constants (or the security_status derived from them), never
// against string literals.

#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::dns {

namespace errc {
// A signature, digest, time window or proof does not check out, records the
// proof needs are missing, or the validation ran out of its work budget.
inline constexpr std::string_view dnssec_bogus = "dnssec_bogus";
// The name is provably in an unsigned part of the tree (an unsigned
// delegation, an NSEC3 opt-out span, only algorithms or NSEC3 parameters we
// refuse): an error for BIP 353, which requires DNSSEC.
inline constexpr std::string_view dnssec_insecure = "dnssec_insecure";
// No configured trust anchor is at or above the name.
inline constexpr std::string_view dnssec_indeterminate = "dnssec_indeterminate";
// A DNSKEY algorithm or key size this validator refuses.
inline constexpr std::string_view dnssec_unsupported = "dnssec_unsupported";
// CNAME/DNAME chain longer than the limit, or looping.
inline constexpr std::string_view alias_loop = "alias_loop";
// Bytes that do not decode (a message, a record, RDATA, a chain).
inline constexpr std::string_view malformed = "malformed";
inline constexpr std::string_view truncated = "truncated";
inline constexpr std::string_view bad_name = "bad_name";
inline constexpr std::string_view bad_trust_anchor = "bad_trust_anchor";
}  // namespace errc

// What a validation concluded, as Unbound's sec_status: secure (the answer or
// the denial is proven from a trust anchor), insecure (provably unsigned),
// bogus (should have been signed and does not check out), indeterminate (no
// trust anchor covers the name). Every non-secure outcome travels as an
// error whose code says which (see security_of); the reason is its message.
enum class security_status { secure, insecure, bogus, indeterminate };

std::string_view to_string(security_status s);
// The outcome an error from the validator stands for; errors that are not
// DNSSEC verdicts (malformed input, alias loops) count as bogus.
security_status security_of(const error& e);

inline error bogus(std::string why) { return make_error(errc::dnssec_bogus, std::move(why)); }
inline error insecure(std::string why) { return make_error(errc::dnssec_insecure, std::move(why)); }
inline bool is_insecure(const error& e) { return e.code == errc::dnssec_insecure; }
inline bool is_bogus(const error& e) { return e.code == errc::dnssec_bogus; }

}  // namespace hrn::dns
