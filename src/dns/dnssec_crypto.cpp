#include "hrn/dns/dnssec_crypto.hpp"
#include "hrn/dns/errors.hpp"

#include <stdexcept>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace hrn::dns {
namespace {

namespace alg = dnssec_algorithm;

template <class T, void (*F)(T*)>
struct deleter {
  void operator()(T* p) const { F(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, deleter<EVP_PKEY, EVP_PKEY_free>>;
using pctx_ptr = std::unique_ptr<EVP_PKEY_CTX, deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using bn_ptr = std::unique_ptr<BIGNUM, deleter<BIGNUM, BN_free>>;
using bld_ptr = std::unique_ptr<OSSL_PARAM_BLD, deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using param_ptr = std::unique_ptr<OSSL_PARAM, deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using mdctx_ptr = std::unique_ptr<EVP_MD_CTX, deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using ecsig_ptr = std::unique_ptr<ECDSA_SIG, deleter<ECDSA_SIG, ECDSA_SIG_free>>;

error unsupported(std::string why) { return make_error(errc::dnssec_unsupported, std::move(why)); }

pkey_ptr from_params(const char* type, OSSL_PARAM* params) {
  pctx_ptr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* out = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &out, EVP_PKEY_PUBLIC_KEY, params) != 1)
    return nullptr;
  return pkey_ptr(out);
}

// RFC 3110 §2: exponent length (1 octet, or 0 then 2 octets), exponent, modulus.
result<pkey_ptr> rsa_key(byte_view key) {
  if (key.size() < 3) return bogus("RSA key too short");
  std::size_t elen = key[0], off = 1;
  if (elen == 0) {
    elen = (std::size_t{key[1]} << 8) | key[2];
    off = 3;
  }
  // RFC 3110 allows exponents up to 4096 bits; zones use 65537 (3 octets).
  // A long exponent makes every verification slow (40 with a 128-bit
  // exponent took 13 times as long as with 65537), so more than 4 octets is
  // refused as an unsupported key.
  if (elen == 0 || off + elen >= key.size()) return bogus("bad RSA exponent length");
  if (elen > 4) return unsupported("RSA exponent of " + std::to_string(elen) + " octets (4 at most)");
  byte_view e = key.subspan(off, elen), n = key.subspan(off + elen);
  if (n[0] == 0) return bogus("RSA modulus has a leading zero octet");
  bn_ptr bn_n(BN_bin2bn(n.data(), static_cast<int>(n.size()), nullptr));
  bn_ptr bn_e(BN_bin2bn(e.data(), static_cast<int>(e.size()), nullptr));
  if (!bn_n || !bn_e) return bogus("RSA key does not decode");
  auto bits = static_cast<unsigned>(BN_num_bits(bn_n.get()));
  if (bits < min_rsa_bits) return unsupported("RSA key of " + std::to_string(bits) + " bits (1024 at least)");
  if (bits > max_rsa_bits) return unsupported("RSA key of " + std::to_string(bits) + " bits (4096 at most)");
  bld_ptr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1)
    return bogus("RSA key does not decode");
  param_ptr params(OSSL_PARAM_BLD_to_param(bld.get()));
  auto pk = params ? from_params("RSA", params.get()) : nullptr;
  if (!pk) return bogus("RSA key does not decode");
  return pk;
}

// RFC 6605 §4: the key is the uncompressed point x | y without the 0x04 prefix.
result<pkey_ptr> ec_key(byte_view key, const char* group, std::size_t coord) {
  if (key.size() != 2 * coord) return bogus("ECDSA key has the wrong length");
  bytes point;
  point.reserve(1 + key.size());
  point.push_back(0x04);
  point.insert(point.end(), key.begin(), key.end());
  bld_ptr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
    return bogus("ECDSA key does not decode");
  param_ptr params(OSSL_PARAM_BLD_to_param(bld.get()));
  auto pk = params ? from_params("EC", params.get()) : nullptr;
  if (!pk) return bogus("ECDSA key is not a point on the curve");
  return pk;
}

// RFC 6605 §4: the signature is r | s, each `coord` octets; OpenSSL wants DER.
std::optional<bytes> ecdsa_der(byte_view sig, std::size_t coord) {
  if (sig.size() != 2 * coord) return std::nullopt;
  ecsig_ptr s(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(sig.data(), static_cast<int>(coord), nullptr);
  BIGNUM* ss = BN_bin2bn(sig.data() + coord, static_cast<int>(coord), nullptr);
  if (!s || !r || !ss || ECDSA_SIG_set0(s.get(), r, ss) != 1) {
    BN_free(r);
    BN_free(ss);
    return std::nullopt;
  }
  int len = i2d_ECDSA_SIG(s.get(), nullptr);
  if (len <= 0) return std::nullopt;
  bytes der(static_cast<std::size_t>(len));
  unsigned char* p = der.data();
  if (i2d_ECDSA_SIG(s.get(), &p) != len) return std::nullopt;
  return der;
}

const EVP_MD* digest_for(std::uint8_t algorithm) {
  switch (algorithm) {
    case alg::rsasha256:
    case alg::ecdsap256sha256: return EVP_sha256();
    case alg::rsasha512: return EVP_sha512();
    case alg::ecdsap384sha384: return EVP_sha384();
    default: return nullptr;  // Ed25519: no separate digest
  }
}

}  // namespace

bool signature_algorithm_supported(std::uint8_t a) {
  return a == alg::rsasha256 || a == alg::rsasha512 || a == alg::ecdsap256sha256 ||
         a == alg::ecdsap384sha384 || a == alg::ed25519;
}

bool ds_digest_supported(std::uint8_t d) {
  return d == ds_digest_type::sha1 || d == ds_digest_type::sha256 || d == ds_digest_type::sha384;
}

std::uint16_t key_tag(byte_view rdata) {
  std::uint32_t ac = 0;
  for (std::size_t i = 0; i < rdata.size(); ++i) ac += (i & 1) ? rdata[i] : std::uint32_t{rdata[i]} << 8;
  ac += (ac >> 16) & 0xFFFF;
  return static_cast<std::uint16_t>(ac & 0xFFFF);
}

std::optional<bytes> ds_digest(std::uint8_t digest_type, const name& owner, byte_view dnskey_rdata) {
  const EVP_MD* md = digest_type == ds_digest_type::sha1     ? EVP_sha1()
                     : digest_type == ds_digest_type::sha256 ? EVP_sha256()
                     : digest_type == ds_digest_type::sha384 ? EVP_sha384()
                                                             : nullptr;
  if (md == nullptr) return std::nullopt;
  mdctx_ptr ctx(EVP_MD_CTX_new());
  bytes out(static_cast<std::size_t>(EVP_MD_get_size(md)));
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), owner.wire().data(), owner.wire_size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), dnskey_rdata.data(), dnskey_rdata.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1 || len != out.size())
    return std::nullopt;
  return out;
}

bytes sha256_of(std::initializer_list<byte_view> parts) {
  mdctx_ptr ctx(EVP_MD_CTX_new());
  bytes out(32);
  unsigned int len = 0;
  bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1;
  for (byte_view p : parts) ok = ok && EVP_DigestUpdate(ctx.get(), p.data(), p.size()) == 1;
  ok = ok && EVP_DigestFinal_ex(ctx.get(), out.data(), &len) == 1 && len == out.size();
  if (!ok) throw std::runtime_error("SHA-256 failed");  // OpenSSL out of memory: a bug, not input
  return out;
}

result<public_key> public_key::from_dnskey(std::uint8_t algorithm, byte_view key) {
  result<pkey_ptr> pk = bogus("");
  switch (algorithm) {
    case alg::rsasha256:
    case alg::rsasha512: pk = rsa_key(key); break;
    case alg::ecdsap256sha256: pk = ec_key(key, "prime256v1", 32); break;
    case alg::ecdsap384sha384: pk = ec_key(key, "secp384r1", 48); break;
    case alg::ed25519:
      if (key.size() != 32) return bogus("Ed25519 key is not 32 octets");
      pk = pkey_ptr(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
      if (!pk.value()) return bogus("Ed25519 key does not decode");
      break;
    default: return unsupported("DNSSEC algorithm " + std::to_string(algorithm) + " is not supported");
  }
  if (!pk) return std::move(pk).err();
  public_key out;
  out.key_ = std::shared_ptr<EVP_PKEY>(std::move(pk).value().release(), EVP_PKEY_free);
  out.algorithm_ = algorithm;
  return out;
}

bool public_key::verify(byte_view data, byte_view signature) const {
  if (!key_) return false;
  std::optional<bytes> der;
  byte_view sig = signature;
  if (algorithm_ == alg::ecdsap256sha256 || algorithm_ == alg::ecdsap384sha384) {
    der = ecdsa_der(signature, algorithm_ == alg::ecdsap256sha256 ? 32 : 48);
    if (!der) return false;
    sig = *der;
  }
  mdctx_ptr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, digest_for(algorithm_), nullptr, key_.get()) != 1)
    return false;
  return EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), data.data(), data.size()) == 1;
}

}  // namespace hrn::dns
