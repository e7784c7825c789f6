#pragma once
// The host of a callback URL, read strictly enough to say which host a
// payer's wallet would contact. Not a public header. Pure.

#include <optional>
#include <string>
#include <string_view>

namespace hrn::lnurl::detail {

// The lower-cased host of `url` when it is `https://HOST[:PORT][/…|?…|#…]`
// with HOST a DNS name or IPv4 literal (letters, digits, '-', '.') or a
// bracketed IPv6 literal, no userinfo, a decimal port of 1-65535, and no
// byte below 0x21 or above 0x7e anywhere; or the same with `http://` when
// HOST is an onion address (LUD-01: "either an https:// clearnet link ... or
// an http:// v2/v3 onion link"). nullopt otherwise.
std::optional<std::string> callback_host(std::string_view url);

}  // namespace hrn::lnurl::detail
