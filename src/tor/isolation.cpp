#include "hrn/tor/isolation.hpp"

#include <array>

#include <openssl/rand.h>

#include "hrn/tor/errors.hpp"

namespace hrn::tor {

namespace {
// torspec socks-extensions: magic "<torS0X>" then format type '0' — the rest
// of the username is empty and the password is the isolation string.
constexpr char isolation_username[] = "<torS0X>0";
constexpr std::size_t random_octets = 16;
}  // namespace

result<isolation_token> isolation_token::fresh() {
  std::array<unsigned char, random_octets> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
    return make_error(tor::errc::rng_failed,
                      "OpenSSL's random generator failed; cannot make isolation credentials");
  auto credentials = std::make_shared<socks_credentials>();
  credentials->username = isolation_username;
  credentials->password = to_hex(byte_view(random.data(), random.size()));
  return isolation_token(std::move(credentials));
}

}  // namespace hrn::tor
