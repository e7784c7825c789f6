#include "hrn/lnurl/lightning_address.hpp"

#include "hrn/lnurl/errors.hpp"

namespace hrn::lnurl {

namespace {

// LUD-16 username characters, plus "+" (tags).
bool username_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
         c == '+';
}

}  // namespace

result<std::string> well_known_target(std::string_view user) {
  if (user.empty()) return make_error(errc::lnurl_bad_user, "the user part is empty");
  for (char c : user)
    if (!username_char(c))
      return make_error(errc::lnurl_bad_user,
                        "a Lightning Address user is limited to a-z 0-9 - _ . + (LUD-16)");
  // "." and ".." would be path segments, not a user.
  if (user == "." || user == "..")
    return make_error(errc::lnurl_bad_user, "'.' and '..' are not Lightning Address users");
  return "/.well-known/lnurlp/" + std::string(user);
}

}  // namespace hrn::lnurl
