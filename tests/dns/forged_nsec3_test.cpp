// Attacker-built NSEC3 records: hashing work a chain of at most 64 KiB can
// demand, and "insecure" answers drawn from NSEC3 records whose signatures
// were never checked.
#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <sstream>

#include "forged_checks.hpp"
#include "hrn/dns/nsec3.hpp"
#include "hrn/dns/rdata.hpp"
#include "synthetic_world.hpp"
#include "test_util.hpp"

using namespace hrn::dns;
using dns_test::N;
using hrn::bytes;
using forged::append;
using forged::expect_refused;
using forged::expect_valid;
using forged::validate_both;

namespace {

// ---------------------------------------------------------------------------
// A chain for NSEC3 hashing work: root -> test -> h.test, genuinely signed
// (DS and DNSKEY RRsets only), then as many NSEC3 records for h.test as fit
// in an RFC 9102 chain, each with 2,500 iterations (the most RFC 5155 §10.3
// and validation_options allow) and its own salt, each with a garbage RRSIG
// "by" h.test; the query is a name of `labels` labels below h.test.
// ---------------------------------------------------------------------------

struct flood {
  std::vector<rr> pool;
  std::vector<trust_anchor> anchors;
  name qname;
  std::size_t nsec3_records = 0;
  std::size_t octets = 0;
};

bool keep_for_chain(const rr& r) {
  const std::uint16_t t = zone_signer::covered_type(r);
  return t == rr_type::ds || t == rr_type::dnskey;
}

// root -> test. -> h.test, all Ed25519; h.test with NSEC3 and one TXT.
zone_signer::signed_chain h_test_tree(zone_signer::zone_spec test = zone_signer::spec_for(dns_test::N("test"), 15)) {
  using namespace zone_signer;
  zone_spec h = spec_for(N("h.test"), 15, denial::nsec3);
  h.data = {txt(N("a.h.test"), "data")};
  return sign_chain({spec_for(name{}, 15), std::move(test), h});
}

flood make_flood(std::size_t labels, std::size_t max_nsec3, std::uint16_t iterations = 2500) {
  using namespace zone_signer;
  auto tree = h_test_tree();
  const signed_zone& h = tree.zones.back();

  flood f;
  f.anchors = tree.anchors;
  for (const auto& r : tree.pool)
    if (keep_for_chain(r)) f.pool.push_back(r);

  std::string q;
  for (std::size_t i = 0; i < labels; ++i) q += "a.";
  f.qname = N(q + "h.test");

  f.octets = serialize_auth_chain(f.pool).size();
  for (std::uint32_t i = 0; i < max_nsec3; ++i) {
    bytes owner_hash(20), next(20);
    for (std::size_t k = 0; k < 20; ++k) {
      owner_hash[k] = static_cast<std::uint8_t>((i * 131u + k * 17u) & 0xFF);
      next[k] = static_cast<std::uint8_t>((i * 131u + k * 17u + 1u) & 0xFF);
    }
    bytes rd{1, 0, static_cast<std::uint8_t>(iterations >> 8), static_cast<std::uint8_t>(iterations), 4,
             static_cast<std::uint8_t>(i >> 24), static_cast<std::uint8_t>(i >> 16),
             static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i), 20};
    rd.insert(rd.end(), next.begin(), next.end());
    auto bm = type_bitmap::from_types({rr_type::txt});
    rd.insert(rd.end(), bm.wire().begin(), bm.wire().end());
    rr nsec3 = record(N("h.test").prepend(base32hex_encode(owner_hash)).value(), rr_type::nsec3, rd, 3600);
    rrsig_rdata s;
    s.type_covered = rr_type::nsec3;
    s.algorithm = 15;
    s.labels = 2;
    s.original_ttl = 3600;
    s.expiration = expiration;
    s.inception = inception;
    s.key_tag = h.zsk.tag;
    s.signer = N("h.test");
    s.signature = bytes(64, static_cast<std::uint8_t>(0x5A ^ i));
    rr sig{nsec3.owner, rr_type::rrsig, class_in, 3600, encode_rrsig(s)};
    std::size_t add = serialize_auth_chain(std::vector<rr>{nsec3, sig}).size();
    if (f.octets + add > max_auth_chain_octets || f.pool.size() + 2 > max_auth_chain_records) break;
    f.pool.push_back(std::move(nsec3));
    f.pool.push_back(std::move(sig));
    f.octets += add;
    ++f.nsec3_records;
  }
  return f;
}

double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

std::string code_of(const hrn::result<validated_answer>& r) { return r ? std::string("ok") : r.err().code; }

// Validates in a child process (both paths, one after the other) so that a
// run that takes minutes on unbounded code is cut off after `cap` seconds.
struct capped_run {
  bool direct_done = false, chain_done = false;
  std::string direct_code, chain_code;
  double direct_cpu_ms = 0, chain_cpu_ms = 0;
};

capped_run run_capped(const flood& f, int cap_seconds) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    auto say = [&](const std::string& line) {
      std::string l = line + "\n";
      (void)!write(fds[1], l.data(), l.size());
    };
    double t0 = cpu_ms();
    auto a = chain_validator(f.anchors).validate(f.pool, f.qname, rr_type::txt, zone_signer::now);
    double t1 = cpu_ms();
    say("direct " + code_of(a) + " " + std::to_string(t1 - t0));
    auto b = verify_chain(f.qname, rr_type::txt, serialize_auth_chain(f.pool), f.anchors, zone_signer::now);
    double t2 = cpu_ms();
    say("chain " + code_of(b) + " " + std::to_string(t2 - t1));
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(cap_seconds);
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[256];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  kill(pid, SIGKILL);  // no-op when it has finished
  int status = 0;
  waitpid(pid, &status, 0);

  capped_run r;
  std::istringstream in(out);
  std::string which, code;
  double ms = 0;
  while (in >> which >> code >> ms) {
    if (which == "direct") { r.direct_done = true; r.direct_code = code; r.direct_cpu_ms = ms; }
    if (which == "chain") { r.chain_done = true; r.chain_code = code; r.chain_cpu_ms = ms; }
  }
  return r;
}

// The CPU time of one NSEC3 hash with `iterations` iterations, for scale.
double one_hash_ms(std::uint16_t iterations) {
  const int n = 50;
  double t0 = cpu_ms();
  for (int i = 0; i < n; ++i) (void)nsec3_hash(1, N("a.a.h.test"), bytes{0, 0, 0, static_cast<std::uint8_t>(i)}, iterations);
  return (cpu_ms() - t0) / n;
}

}  // namespace

// ---------------------------------------------------------------------------
// 3. Unbounded NSEC3 hashing.
//
// RFC 9276 §3.2 lets a validator refuse NSEC3 work above an iteration limit,
// and RFC 5155 §8.3's closest encloser search hashes each ancestor of QNAME;
// CVE-2023-50868 ("NSEC3 closest encloser proof can exhaust CPU") is this
// attack on resolvers. Bounding the hashes per proof is not enough: each
// ancestor of QNAME checked for an insecure delegation starts a new proof, so
// a per-proof budget lets (labels + 1) x budget hashes of 2,501 SHA-1 rounds
// run (18 s of CPU for this chain before the budget became one per
// validation). Unsigned records must not be hashed at all.
// ---------------------------------------------------------------------------

TEST_CASE("forged nsec3: a 64 KiB chain of NSEC3 records with distinct salts and 2500 iterations is refused") {
  auto f = make_flood(120, 1000);
  REQUIRE(f.qname.label_count() == 122);
  REQUIRE(f.octets <= max_auth_chain_octets);
  REQUIRE(parse_auth_chain(serialize_auth_chain(f.pool)).ok());  // a valid RFC 9102 chain
  CHECK(f.nsec3_records >= 200);

  const double hash_ms = one_hash_ms(2500);
  const int cap = 300;  // wall-clock seconds; unbounded code needed about 40 s of CPU for both paths
  auto r = run_capped(f, cap);
  std::printf(
      "nsec3 flood: %zu NSEC3 records, %zu octets, qname of %zu labels; one 2500-iteration hash %.3f ms\n"
      "  chain_validator::validate: %s, %.0f ms CPU (~%.0f hash equivalents)\n"
      "  verify_chain (RFC 9102):   %s, %.0f ms CPU (~%.0f hash equivalents)\n",
      f.nsec3_records, f.octets, f.qname.label_count(), hash_ms,
      r.direct_done ? r.direct_code.c_str() : "did not finish", r.direct_cpu_ms, r.direct_cpu_ms / hash_ms,
      r.chain_done ? r.chain_code.c_str() : "did not finish", r.chain_cpu_ms, r.chain_cpu_ms / hash_ms);
  INFO("cut off after " << cap << " s");
  REQUIRE(r.direct_done);
  REQUIRE(r.chain_done);
  // The records are garbage: the answer must be refused either way.
  CHECK((r.direct_code == "dnssec_bogus" || r.direct_code == "dnssec_insecure"));
  CHECK((r.chain_code == "dnssec_bogus" || r.chain_code == "dnssec_insecure"));
  // The work itself, counted: one budget for the whole validation.
  validation_context context;
  const validation_options options;
  (void)chain_validator(f.anchors, options).validate(f.pool, f.qname, rr_type::txt, zone_signer::now, context);
  INFO("signature checks " << context.work.signature_checks << ", NSEC3 hashes " << context.work.nsec3_hashes
                           << ", zones " << context.work.zones);
  CHECK(context.work.signature_checks <= options.max_signature_checks);
  CHECK(context.work.nsec3_hashes <= options.max_nsec3_hashes);
  CHECK(context.work.zones <= options.max_zones);
}

TEST_CASE("forged nsec3: hashing work grows with the qname's labels (small, for the record)") {
  // The same flood with few NSEC3 records and short names, cheap enough to run
  // in-process: the CPU time per extra label shows the per-ancestor budget.
  const double hash_ms = one_hash_ms(2500);
  for (std::size_t labels : {1, 4, 8}) {
    auto f = make_flood(labels, 130);
    double t0 = cpu_ms();
    auto a = chain_validator(f.anchors).validate(f.pool, f.qname, rr_type::txt, zone_signer::now);
    double ms = cpu_ms() - t0;
    std::printf("nsec3 flood: %zu labels below h.test, %zu NSEC3: %s in %.0f ms CPU (~%.0f hash equivalents)\n",
                labels, f.nsec3_records, code_of(a).c_str(), ms, ms / hash_ms);
    REQUIRE_FALSE(a.ok());
    CHECK((a.err().code == "dnssec_bogus" || a.err().code == "dnssec_insecure"));
    // The work must not grow with `labels` beyond the one budget.
    validation_context context;
    const validation_options options;
    (void)chain_validator(f.anchors, options).validate(f.pool, f.qname, rr_type::txt, zone_signer::now, context);
    CHECK(context.work.nsec3_hashes <= options.max_nsec3_hashes);
    CHECK(context.work.signature_checks <= options.max_signature_checks);
  }
}

// ---------------------------------------------------------------------------
// RFC 9276 §3.2: "Note that a validating resolver returning an insecure
// response MUST still validate the signature over the NSEC3 record to ensure
// the iteration count was not altered since record publication (see
// Section 10.3 of [RFC5155])." NSEC3 records above the iteration limit whose
// RRSIGs do not verify make the answer bogus, never insecure: otherwise anyone
// can turn a signed NXDOMAIN into "insecure" with made-up records.
// ---------------------------------------------------------------------------

namespace {

// Every RRSIG over an NSEC3 RR of `zone` gets a corrupted signature.
void spoil_nsec3_signatures(std::vector<rr>& pool, const name& zone) {
  for (auto& r : pool) {
    if (r.type != rr_type::rrsig || !(r.owner.parent() == zone)) continue;
    auto s = decode_rrsig(r.rdata).value();
    if (s.type_covered != rr_type::nsec3) continue;
    s.signature.back() ^= 0x01;
    s.signature.front() ^= 0x80;
    r.rdata = encode_rrsig(s);
  }
}

}  // namespace

TEST_CASE("forged nsec3: NSEC3 above the iteration limit with bad signatures is bogus not insecure") {
  // hi.test of the synthetic world is signed with 2501 iterations.
  const auto& w = synthetic::get();
  auto pool = w.pool;
  spoil_nsec3_signatures(pool, N("hi.test"));
  // Today: dnssec_insecure ("NSEC3 iterations above 2500").
  expect_refused(validate_both(pool, w.anchors, N("nope.hi.test"), rr_type::txt), "dnssec_bogus");

  // Genuine: the same zone with its real signatures is insecure.
  expect_refused(validate_both(w.pool, w.anchors, N("nope.hi.test"), rr_type::txt), "dnssec_insecure");
}

TEST_CASE("forged nsec3: made-up high-iteration NSEC3 records cannot downgrade a signed NXDOMAIN") {
  // n3w.test uses 1 iteration. The attacker drops its NSEC3 chain and sends
  // NSEC3 records with 2600 iterations and garbage RRSIGs "by" n3w.test.
  const auto& fw = forged::get();
  const auto& z = fw.zone("n3w.test.");
  auto zone = N("n3w.test"), qname = N("bob.user._bitcoin-payment.n3w.test");
  auto pool = fw.pool;
  std::erase_if(pool, [&](const rr& r) {
    std::uint16_t t = r.type == rr_type::rrsig ? decode_rrsig(r.rdata)->type_covered : r.type;
    return t == rr_type::nsec3 && r.owner.parent() == zone;
  });
  for (const name& n : {qname, qname.parent(), zone, N("*.user._bitcoin-payment.n3w.test")}) {
    auto h = nsec3_hash(1, n, bytes{0x01}, 2600).value();
    bytes next = h;
    next.back() ^= 0x01;
    bytes rd{1, 0, 0x0A, 0x28, 1, 0x01, 20};  // 2600 iterations, salt 01
    rd.insert(rd.end(), next.begin(), next.end());
    auto bm = type_bitmap::from_types({rr_type::a});
    rd.insert(rd.end(), bm.wire().begin(), bm.wire().end());
    rr nsec3 = zone_signer::record(zone.prepend(base32hex_encode(h)).value(), rr_type::nsec3, rd, 3600);
    auto sig = zone_signer::sign({nsec3}, z.zsk, zone);
    auto s = decode_rrsig(sig.rdata).value();
    s.signature.back() ^= 0x01;  // not a signature over this record
    sig.rdata = encode_rrsig(s);
    pool.push_back(nsec3);
    pool.push_back(sig);
  }
  // Today: dnssec_insecure.
  expect_refused(validate_both(pool, fw.anchors, qname, rr_type::txt), "dnssec_bogus");

  // Genuine: with its real chain the name is a signed NXDOMAIN.
  auto a = expect_valid(validate_both(fw.pool, fw.anchors, qname, rr_type::txt), fw.anchors);
  CHECK(a.status == answer_status::nxdomain);
}

// The budget holds against genuine records too: a zone that really signs
// NSEC3 with the most iterations we accept (150) and the longest salt, many
// records in the pool (each verified before it may be hashed), and a query
// name of 100 labels, so that the closest-encloser search and the walk for an
// insecure delegation would hash every ancestor. The validation stops when a
// budget is spent, and says so as bogus; no counter ever passes its limit.
TEST_CASE("forged nsec3: genuinely signed NSEC3 at the iteration limit stays within one budget") {
  using namespace zone_signer;
  const validation_options limits;
  zone_spec z = spec_for(N("slow.test"), 13, zone_signer::denial::nsec3);
  z.nsec3_iterations = limits.max_nsec3_iterations;
  z.nsec3_salt = bytes(255, 0xab);
  for (long i = 0; i < 40; ++i) z.data.push_back(txt(numbered("n", i, "slow.test"), "x"));
  auto tree = sign_chain({spec_for(name{}, 13), z});
  const auto& pool = tree.pool;
  const auto& anchors = tree.anchors;

  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "a.";
  validation_context context;
  auto a = chain_validator(anchors, limits).validate(pool, N(deep + "slow.test"), rr_type::txt, now, context);
  INFO("signature checks " << context.work.signature_checks << ", NSEC3 hashes " << context.work.nsec3_hashes);
  REQUIRE_FALSE(a.ok());
  CHECK(a.err().code == errc::dnssec_bogus);
  CHECK(context.work.signature_checks <= limits.max_signature_checks);
  CHECK(context.work.nsec3_hashes <= limits.max_nsec3_hashes);
  // A short name in the same zone is proven absent within the same limits.
  validation_context near;
  auto b = chain_validator(anchors, limits).validate(pool, N("a.a.slow.test"), rr_type::txt, now, near);
  if (!b) FAIL(b.err().code << ": " << b.err().message);
  CHECK(b->status == answer_status::nxdomain);
  CHECK(near.work.nsec3_hashes <= 5);
}

// RFC 6840 §4.1: records of the zone above a cut say nothing about names
// below it. A signed child (validated DS) whose answer is stripped, with the
// parent's genuine NSEC3 (200 iterations, above our limit) put in its place,
// was reported insecure ("iterations above 150"): it is bogus, as with no
// denial at all.
TEST_CASE("forged nsec3: an ancestor's unusable NSEC3 does not make a signed child's name insecure") {
  using namespace zone_signer;
  zone_spec test = spec_for(N("test"), 15, zone_signer::denial::nsec3);
  test.nsec3_iterations = 200;
  auto tree = h_test_tree(test);
  const auto& anchors = tree.anchors;
  std::vector<rr> keys_only, forged;
  for (const auto& r : tree.pool)
    if (keep_for_chain(r)) keys_only.push_back(r);
  forged = keys_only;
  for (const auto& r : tree.zones[1].records)
    if (covered_type(r) == rr_type::nsec3) forged.push_back(r);
  auto a = chain_validator(anchors).validate(forged, N("a.h.test"), rr_type::txt, now);
  REQUIRE_FALSE(a.ok());
  INFO(a.err().message);
  CHECK(a.err().code == errc::dnssec_bogus);
  // The genuine child records still prove the answer.
  auto genuine = keys_only;
  genuine.insert(genuine.end(), tree.zones[2].records.begin(), tree.zones[2].records.end());
  CHECK(chain_validator(anchors).validate(genuine, N("a.h.test"), rr_type::txt, now).ok());
}
