#pragma once
// One Tor circuit per lookup (DESIGN.md privacy mechanism 2).
//
// Tor's SocksPort has IsolateSOCKSAuth on by default: streams whose SOCKS5
// username/password differ never share a circuit. So each lookup gets a token
// with fresh random credentials, every stream of that lookup (its DNS queries,
// its HTTPS fetch) connects with the same token, and two lookups never share
// one. Copying a token shares it; only isolation_token::fresh() makes a new one.
//
// The credentials follow torspec socks-extensions, "Interpreting usernames and
// passwords" (proposal 351): username "<torS0X>0" and the isolation string as
// password. New clients SHOULD NOT use free-form ("legacy") usernames, and a
// SocksPort may be configured to reject them; older tor and Arti read this
// form as legacy isolation, which isolates just the same because the
// passwords differ. The password is 16 bytes from OpenSSL's RAND_bytes, in
// hex: two lookups collide with probability 2^-128.

#include <memory>
#include <utility>

#include "hrn/tor/socks5_wire.hpp"
#include "hrn/util/result.hpp"

namespace hrn::tor {

class isolation_token {
 public:
  // A new token, unlike any other. Error `rng_failed` if OpenSSL's random
  // generator fails: never fall back to shared credentials.
  static result<isolation_token> fresh();

  const socks_credentials& credentials() const { return *credentials_; }

  // Same token (copies of one fresh()), not merely equal-looking credentials.
  friend bool operator==(const isolation_token& a, const isolation_token& b) {
    return a.credentials_ == b.credentials_;
  }

 private:
  explicit isolation_token(std::shared_ptr<const socks_credentials> c)
      : credentials_(std::move(c)) {}
  std::shared_ptr<const socks_credentials> credentials_;  // never null
};

}  // namespace hrn::tor
