// The snapshot format: round trip, and every kind of damage is an error
// value (never a crash, never a huge allocation).
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include <openssl/evp.h>

#include "hrn/cache/errors.hpp"
#include "hrn/cache/snapshot.hpp"
#include "hrn/lnurl/pay_request.hpp"

using namespace hrn::cache;
using hrn::bytes;

namespace {

constexpr std::uint64_t t0 = 1'800'000'000;

bytes chain_of(std::size_t n, std::uint8_t seed) {
  bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 7);
  return b;
}

// Fills `s` with entries fresh, stale and past their window at t0.
void fill(store& s) {
  s.insert("alice@example.com", make_found("bitcoin:?lno=lno1alice", "lno1alice", chain_of(90, 1)), t0, 300, 600);
  s.insert("nobody@example.com", make_absent(chain_of(40, 2)), t0 + 5, 60, 0);
  s.insert("bob@example.org", make_found("bitcoin:bc1qbob", "", chain_of(120, 3)), t0 - 400, 300, 600);  // stale at t0
  s.insert("gone@example.org", make_found("bitcoin:bc1qgone", "", chain_of(10, 4)), t0 - 2000, 300, 600);  // past window
}

bytes sample_snapshot(std::uint64_t now) {
  store s(1 << 20);
  fill(s);
  return encode_snapshot(s, now);
}

// A snapshot with its checksum recomputed after an edit, so that only the
// field checks behind the checksum can catch the edit.
bytes resealed(bytes data) {
  data.resize(data.size() - 32);
  std::uint8_t digest[32];
  unsigned int len = 0;
  REQUIRE(EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) == 1);
  data.insert(data.end(), digest, digest + 32);
  return data;
}

void put_be(bytes& b, std::size_t at, std::uint64_t v, int octets) {
  for (int i = 0; i < octets; ++i) b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * (octets - 1 - i)));
}

// One record, key "a@b.c": header 0..15, key_len 16, key 17..21, times
// 22..45, found 46, chain_len 47..50, chain 51..58, checksum.
bytes one_record() {
  std::vector<snapshot_record> r(1);
  r[0] = {"a@b.c", 100, 200, 300, true, chain_of(8, 5)};
  return encode_snapshot(r);
}

std::string code_after(std::size_t at, std::uint64_t v, int octets) {
  bytes b = one_record();
  put_be(b, at, v, octets);
  auto r = decode_snapshot(resealed(b));
  return r ? "accepted" : r.err().code;
}

}  // namespace

TEST_CASE("snapshot: round trip through the store keeps what is still servable") {
  const bytes snap = sample_snapshot(t0 + 5);
  auto records = decode_snapshot(snap);
  REQUIRE(records);
  REQUIRE(records->size() == 3);
  std::map<std::string, snapshot_record> by_key;
  for (auto& r : *records) by_key[r.key] = r;
  REQUIRE(by_key.count("alice@example.com"));
  const auto& a = by_key["alice@example.com"];
  CHECK(a.found);
  CHECK(a.stored_at == t0);
  CHECK(a.expires_at == t0 + 300);
  CHECK(a.stale_until == t0 + 900);
  CHECK(a.chain == chain_of(90, 1));
  CHECK_FALSE(by_key["nobody@example.com"].found);
  CHECK(by_key["nobody@example.com"].chain == chain_of(40, 2));
  CHECK(by_key["bob@example.org"].expires_at == t0 - 100);  // stale, still inside its window
  CHECK_FALSE(by_key.count("gone@example.org"));

  // Restored into a new store, with the recorded times.
  store again(1 << 20);
  for (const auto& r : *records)
    again.restore(r.key, r.found ? make_found("bitcoin:?lno=x", "x", r.chain) : make_absent(r.chain), r.stored_at,
                  r.expires_at, r.stale_until, t0 + 5);
  CHECK(again.entries() == 3);
  auto h = again.find("bob@example.org", t0 + 5);
  REQUIRE(h);
  CHECK(h->state == freshness::stale);
  CHECK(h->stored_at == t0 - 400);
}

TEST_CASE("snapshot: records round trip exactly, and unrepresentable ones are skipped") {
  std::vector<snapshot_record> in(3);
  in[0] = {"a@b.c", 1, 2, 3, true, chain_of(5, 9)};
  in[1] = {std::string(255, 'k'), 0, 0, 0, false, {}};
  in[2] = {"big@b.c", 10, 20, 30, true, chain_of(snapshot_max_chain, 1)};
  auto out = decode_snapshot(encode_snapshot(in));
  REQUIRE(out);
  CHECK(*out == in);

  std::vector<snapshot_record> bad(4);
  bad[0] = {"", 1, 2, 3, true, {}};
  bad[1] = {std::string(256, 'k'), 1, 2, 3, true, {}};
  bad[2] = {"x@y.z", 1, 2, 3, true, bytes(snapshot_max_chain + 1, 0)};
  bad[3] = {"x@y.z", 5, 2, 3, true, {}};
  auto skipped = decode_snapshot(encode_snapshot(bad));
  REQUIRE(skipped);
  CHECK(skipped->empty());
}

TEST_CASE("snapshot: truncated at every byte offset is an error") {
  const bytes snap = sample_snapshot(t0);
  for (std::size_t n = 0; n < snap.size(); ++n) {
    auto r = decode_snapshot(hrn::byte_view(snap.data(), n));
    REQUIRE_FALSE(r);
    CHECK_FALSE(r.err().message.empty());
  }
  CHECK(decode_snapshot(snap));
}

TEST_CASE("snapshot: any flipped bit is an error") {
  const bytes snap = sample_snapshot(t0);
  for (std::size_t i = 0; i < snap.size(); ++i) {
    for (int bit = 0; bit < 8; bit += 3) {
      bytes damaged = snap;
      damaged[i] ^= static_cast<std::uint8_t>(1 << bit);
      REQUIRE_FALSE(decode_snapshot(damaged));
    }
  }
  bytes longer = snap;
  longer.push_back(0);
  CHECK_FALSE(decode_snapshot(longer));
}

TEST_CASE("snapshot: wrong magic and wrong version say so") {
  bytes snap = sample_snapshot(t0);
  bytes other = snap;
  other[0] = 'X';
  auto m = decode_snapshot(other);
  REQUIRE_FALSE(m);
  CHECK(m.err().code == errc::snapshot_bad_magic);
  CHECK(decode_snapshot(bytes{}).err().code == errc::snapshot_bad_magic);

  bytes v2 = snap;
  v2[9] = 2;
  auto v = decode_snapshot(v2);
  REQUIRE_FALSE(v);
  CHECK(v.err().code == errc::snapshot_unsupported_version);
  CHECK(v.err().message == "snapshot format version 2, this build reads version 1: start with an empty cache");

  bytes flipped = snap;
  flipped[20] ^= 1;
  CHECK(decode_snapshot(flipped).err().code == errc::snapshot_corrupt);
}

TEST_CASE("snapshot: fields out of bounds behind a valid checksum are refused before allocating") {
  REQUIRE(decode_snapshot(one_record()));
  CHECK(code_after(0, 0, 0) == "accepted");
  CHECK(code_after(47, 0xffffffff, 4) == errc::snapshot_malformed);            // a 4 GiB chain
  CHECK(code_after(47, snapshot_max_chain + 1, 4) == errc::snapshot_malformed);
  CHECK(code_after(47, 9, 4) == errc::snapshot_truncated);                     // one byte past the end
  CHECK(code_after(12, 0xffffffff, 4) == errc::snapshot_malformed);            // 4 billion records
  CHECK(code_after(12, 2, 4) == errc::snapshot_malformed);  // a record that cannot fit in what is left
  CHECK(code_after(12, 0, 4) == errc::snapshot_malformed);                     // then bytes left over
  CHECK(code_after(16, 0, 1) == errc::snapshot_malformed);                     // empty key
  CHECK(code_after(16, 255, 1) == errc::snapshot_truncated);                   // key past the end
  CHECK(code_after(46, 2, 1) == errc::snapshot_malformed);                     // found flag
  CHECK(code_after(22, 250, 8) == errc::snapshot_malformed);                   // stored after expiry
  CHECK(code_after(38, 150, 8) == errc::snapshot_malformed);                   // stale before expiry
  CHECK(code_after(10, 1, 2) == errc::snapshot_malformed);                     // reserved field
  auto count = decode_snapshot(resealed([] { bytes b = one_record(); put_be(b, 12, 0xffffffff, 4); return b; }()));
  CHECK(count.err().message == "snapshot declares 4294967295 records, more than its size can hold");
}

TEST_CASE("snapshot: the fuzz seeds, written from the format description alone, decode") {
  // tests/fuzz/corpus/cache_snapshot was written by a separate encoder that
  // follows the layout in snapshot.hpp: this pins the documented format.
  const std::string dir = std::string(HRN_TEST_DATA_DIR) + "/fuzz/corpus/cache_snapshot/";
  const std::pair<const char*, std::size_t> seeds[] = {{"empty.bin", 0}, {"one.bin", 1}, {"three.bin", 3}};
  for (const auto& [file, count] : seeds) {
    std::ifstream in(dir + file, std::ios::binary);
    REQUIRE(in);
    const bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = decode_snapshot(data);
    REQUIRE(r);
    CHECK(r->size() == count);
    CHECK(encode_snapshot(*r) == data);
  }
}

TEST_CASE("snapshot: Lightning Address entries are not written (nothing could re-validate them at load)") {
  store s(1 << 20);
  s.insert("nobody@example.com", make_absent(chain_of(40, 2)), t0, 300, 600);
  auto pay = std::make_shared<hrn::lnurl::pay_request>();
  pay->callback = "https://example.com/cb";
  s.insert("alice@example.com", make_lightning_address(chain_of(40, 5), pay, pay->payload_bytes()), t0, 300, 600);
  auto records = decode_snapshot(encode_snapshot(s, t0));
  REQUIRE(records.ok());
  REQUIRE(records->size() == 1);
  CHECK((*records)[0].key == "nobody@example.com");
}
