// BOLT 1 `point`: "a 33-byte Elliptic Curve point (compressed encoding as per
// SEC 1 standard)". Validity is checked with OpenSSL 3's EC module.
#include "hrn/bolt12/point.hpp"

#include <memory>

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>

namespace hrn::bolt12 {
namespace {

struct group_deleter {
  void operator()(EC_GROUP* g) const { EC_GROUP_free(g); }
};
struct point_deleter {
  void operator()(EC_POINT* p) const { EC_POINT_free(p); }
};

// The curve parameters are a constant: built once, read-only afterwards
// (EC_POINT_oct2point takes the group as const, so sharing it across threads
// is safe).
const EC_GROUP* secp256k1() {
  static const std::unique_ptr<EC_GROUP, group_deleter> group(
      EC_GROUP_new_by_curve_name(NID_secp256k1));
  return group.get();
}

}  // namespace

bool is_valid_point(const point& p) {
  // Only the compressed form: OpenSSL would also accept 0x04 (uncompressed,
  // which cannot be 33 bytes anyway) and 0x00 (the point at infinity).
  if (p[0] != 0x02 && p[0] != 0x03) return false;
  const EC_GROUP* group = secp256k1();
  if (group == nullptr) return false;  // OpenSSL built without secp256k1: fail closed
  std::unique_ptr<EC_POINT, point_deleter> pt(EC_POINT_new(group));
  if (!pt) return false;
  // oct2point rejects an x coordinate >= p and an x with no y on the curve.
  // A rejection leaves entries on this thread's OpenSSL error queue; drop
  // exactly those so later OpenSSL users (TLS, DNSSEC) do not see them.
  ERR_set_mark();
  const bool ok = EC_POINT_oct2point(group, pt.get(), p.data(), p.size(), nullptr) == 1;
  ERR_pop_to_mark();
  return ok;
}

}  // namespace hrn::bolt12
