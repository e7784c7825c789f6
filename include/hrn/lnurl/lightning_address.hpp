#pragma once
// LUD-16: the Lightning Address user@domain is fetched at
// https://<domain>/.well-known/lnurlp/<username>. Pure.

#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::lnurl {

// The request target for `user`. LUD-16: "username ... limited to a-z0-9-_.
// Please note that this is way more strict than common email addresses as
// it allows fewer symbols and only lowercase characters", and "+" for tags
// (LUD-16's note on `alice+tag`). Only those characters pass, so the path
// needs no percent-encoding and no byte of it can change the request.
// Error lnurl_bad_user for anything else (the name cannot be a Lightning
// Address; the resolver then answers not_found without fetching).
result<std::string> well_known_target(std::string_view user);

}  // namespace hrn::lnurl
