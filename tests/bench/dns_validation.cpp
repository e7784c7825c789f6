// DNSSEC validation throughput and worst-case work, against the limit the
// signature verifications alone set on this machine (`openssl speed`, run
// here in the same process's run). Prints figures; asserts nothing on time.
//
//   bench_dns_validation [SECONDS_PER_FIGURE]
//
// 1. A 3-level chain (RSA-2048 root and TLD, P-256 domain): 4 RSA-2048 and
//    2 P-256 verifications per cold validation. Cold: no key cache. Cached:
//    the validated-key cache holds the root, TLD and domain keys, one P-256
//    verification is left (the TXT RRset's).
// 2. The most expensive pools the work budget lets through: CPU time each.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/key_cache.hpp"
#include "hrn/dns/validator.hpp"
#include "zone_signer.hpp"

using namespace hrn::dns;
using namespace zone_signer;

namespace {

name N(const std::string& t) { return name::from_text(t).value(); }

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct chain {
  std::vector<rr> pool;
  std::vector<trust_anchor> anchors;
  name qname;
};

// root (alg 8) -> tld. (alg 8) -> shop.tld. (alg 13), TXT at the BIP 353 name.
chain three_levels() {
  zone_spec shop = spec_for(N("shop.tld"), 13);
  shop.data = {txt(N("alice.user._bitcoin-payment.shop.tld"), "bitcoin:?lno=lno1example")};
  auto tree = sign_chain({spec_for(name{}, 8), spec_for(N("tld"), 8), shop});
  chain c{tree.pool, tree.anchors, N("alice.user._bitcoin-payment.shop.tld")};
  // Validate once and keep only the proof: what a client would post.
  auto a = chain_validator(c.anchors).validate(c.pool, c.qname, rr_type::txt, now).value();
  c.pool = a.proof;
  return c;
}

// Validations per CPU second for `seconds`.
double rate(const chain& c, validated_key_cache* cache, double seconds, validation_work& work) {
  chain_validator v(c.anchors);
  long n = 0;
  const double t0 = cpu_seconds();
  double t = t0;
  while (t - t0 < seconds) {
    for (int i = 0; i < 50; ++i) {
      validation_context context{cache, {}};
      auto a = v.validate(c.pool, c.qname, rr_type::txt, now, context);
      if (!a) {
        std::fprintf(stderr, "bench chain does not validate: %s\n", a.err().message.c_str());
        std::exit(1);
      }
      work = context.work;
    }
    n += 50;
    t = cpu_seconds();
  }
  return static_cast<double>(n) / (t - t0);
}

// `openssl speed -mr` for RSA-2048 and P-256 verifications per second.
bool openssl_speed(double seconds, double& rsa2048, double& p256) {
  std::string cmd = "openssl speed -seconds " + std::to_string(static_cast<int>(seconds + 0.5)) +
                    " -mr rsa2048 ecdsap256 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return false;
  char line[512];
  rsa2048 = p256 = 0;
  while (std::fgets(line, sizeof line, p)) {
    int idx = 0, bits = 0;
    double sign = 0, verify = 0;
    if (std::sscanf(line, "+F2:%d:%d:%lf:%lf", &idx, &bits, &sign, &verify) == 4 && bits == 2048) rsa2048 = verify;
    if (std::sscanf(line, "+F4:%d:%d:%lf:%lf", &idx, &bits, &sign, &verify) == 4 && bits == 256) p256 = verify;
  }
  pclose(p);
  return rsa2048 > 0 && p256 > 0;
}

// A pool built to spend the whole budget, in a zone the attacker owns: P-384
// keys (the slowest verification we accept), NSEC3 at the highest iteration
// count we accept with 255-octet salts (the longest SHA-1 input), and the
// zone's NSEC3 chain signed again under `salts` different salts, so that
// every parameter set is genuine (each costs a signature check before it may
// be hashed). The query name has `labels` labels and does not exist, so the
// closest-encloser search and the insecure-delegation walk hash ancestors
// until the budget is gone.
chain worst_case(std::size_t names, std::size_t labels, std::size_t salts) {
  const validation_options limits;
  zone_spec w = spec_for(N("w.tld"), 14, denial::nsec3);
  w.nsec3_iterations = limits.max_nsec3_iterations;
  w.nsec3_salt = hrn::bytes(255, 0xab);
  for (std::size_t i = 0; i < names; ++i) w.data.push_back(txt(numbered("n", static_cast<long>(i), "w.tld"), "x"));
  auto tree = sign_chain({spec_for(name{}, 14), spec_for(N("tld"), 14), w});
  chain c{tree.pool, tree.anchors, {}};
  // The signer keeps one key pair per apex and algorithm, so each variant's
  // NSEC3 RRSIGs verify with the same DNSKEY RRset.
  for (std::size_t v = 1; v < salts; ++v) {
    zone_spec again = w;
    again.nsec3_salt.assign(255, static_cast<std::uint8_t>(v));
    for (const auto& r : sign_zone(again).records)
      if (covered_type(r) == rr_type::nsec3) c.pool.push_back(r);
  }
  if (c.pool.size() > limits.max_pool_records) c.pool.resize(limits.max_pool_records);
  std::string q;
  for (std::size_t i = 0; i < labels; ++i) q += "a.";
  c.qname = N(q + "w.tld");
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  double rsa = 0, p256 = 0;
  if (!openssl_speed(seconds, rsa, p256)) {
    std::fprintf(stderr, "bench: 'openssl speed' did not run\n");
    return 1;
  }
  const double limit_cold = 1.0 / (4.0 / rsa + 2.0 / p256);
  std::printf("openssl speed (same run): RSA-2048 %.0f verify/s, P-256 %.0f verify/s\n", rsa, p256);
  std::printf("  limit for 4 RSA-2048 + 2 P-256 verifications: %.0f/s; for 1 P-256: %.0f/s\n", limit_cold, p256);

  auto c = three_levels();
  std::printf("3-level chain (RSA-2048 root and TLD, P-256 domain), %zu records in the proof:\n", c.pool.size());
  validation_work work;
  const double cold = rate(c, nullptr, seconds, work);
  std::printf("  cold   %7.0f validations/s/core  (%.0f%% of the openssl limit; %zu signature checks each)\n", cold,
              100.0 * cold / limit_cold, work.signature_checks);
  validated_key_cache cache;
  const double warm = rate(c, &cache, seconds, work);
  std::printf("  cached %7.0f validations/s/core  (%.0f%% of the 1-verify limit; %zu signature check each; "
              "%zu zones in the key cache)\n",
              warm, 100.0 * warm / p256, work.signature_checks, cache.size());

  const validation_options limits;
  std::printf("worst pools the budget lets through (%zu signature checks, %zu NSEC3 hashes of up to %u iterations, "
              "%zu zones):\n",
              limits.max_signature_checks, limits.max_nsec3_hashes, limits.max_nsec3_iterations + 1u,
              limits.max_zones);
  double worst = 0;
  struct shape {
    std::size_t names, labels, salts;
  };
  for (auto [names, labels, salts] : {shape{8, 30, 1}, shape{36, 100, 1}, shape{4, 100, 8}, shape{4, 100, 40}}) {
    auto w = worst_case(names, labels, salts);
    const double t0 = cpu_seconds();
    validation_context context;
    auto a = chain_validator(w.anchors).validate(w.pool, w.qname, rr_type::txt, now, context);
    const double ms = (cpu_seconds() - t0) * 1e3;
    worst = std::max(worst, ms);
    std::printf("  P-384 zone, %2zu names, NSEC3 under %2zu salts, %3zu-label query, %4zu records: %5.1f ms CPU -> %s "
                "(%zu signature checks, %zu hashes)\n",
                names, salts, labels, w.pool.size(), ms,
                !a ? a.err().code.c_str() : a->not_found() ? "proven absent" : "answer",
                context.work.signature_checks, context.work.nsec3_hashes);
  }
  std::printf("  most expensive: %.1f ms CPU\n", worst);
  return 0;
}
