#include "hrn/cache/snapshot.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "hrn/cache/errors.hpp"
#include "wire_io.hpp"

namespace hrn::cache {

namespace {

using wire::put_be;
using wire::reader;

constexpr std::string_view magic = "HRNCACHE";
constexpr std::size_t header_size = 8 + 2 + 2 + 4;
constexpr std::size_t checksum_size = 32;
// key_len + 1-byte key + three times + found + chain_len: the smallest
// record, which bounds how many records a snapshot of n bytes can declare.
constexpr std::size_t min_record_size = 1 + 1 + 3 * 8 + 1 + 4;

using digest = std::array<std::uint8_t, checksum_size>;

digest sha256(byte_view data) {
  digest out{};
  unsigned int len = 0;
  // EVP_Digest fails only when OpenSSL itself is broken (no SHA-256
  // provider); that is a start-up failure, not an input error.
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 || len != out.size())
    std::abort();
  return out;
}

bool representable(const snapshot_record& r) {
  return !r.key.empty() && r.key.size() <= snapshot_max_key && r.chain.size() <= snapshot_max_chain &&
         r.stored_at <= r.expires_at && r.expires_at <= r.stale_until;
}

void put_record(bytes& out, const snapshot_record& r) {
  put_be(out, r.key.size(), 1);
  out.insert(out.end(), r.key.begin(), r.key.end());
  put_be(out, r.stored_at, 8);
  put_be(out, r.expires_at, 8);
  put_be(out, r.stale_until, 8);
  out.push_back(r.found ? 1 : 0);
  put_be(out, r.chain.size(), 4);
  out.insert(out.end(), r.chain.begin(), r.chain.end());
}

bytes finish(bytes out, std::uint32_t count) {
  for (int i = 0; i < 4; ++i) out[12 + i] = static_cast<std::uint8_t>(count >> (8 * (3 - i)));
  const digest d = sha256(out);
  out.insert(out.end(), d.begin(), d.end());
  return out;
}

bytes start() {
  bytes out(magic.begin(), magic.end());
  put_be(out, snapshot_version, 2);
  put_be(out, 0, 2);
  put_be(out, 0, 4);  // count, patched by finish()
  return out;
}

std::string record_message(std::size_t index, std::string_view what) {
  std::string m = "snapshot record ";
  m += std::to_string(index);
  m += ": ";
  m += what;
  return m;
}

error record_error(std::string_view code, std::size_t index, std::string_view what) {
  return make_error(code, record_message(index, what));
}

result<snapshot_record> read_record(reader& in, std::size_t index) {
  snapshot_record r;
  const auto key_len = in.be(1);
  if (!key_len) return record_error(errc::snapshot_truncated, index, "ends before its key length");
  if (*key_len == 0) return record_error(errc::snapshot_malformed, index, "has an empty key");
  const auto key = in.take(*key_len);
  if (!key) return record_error(errc::snapshot_truncated, index, "key runs past the end");
  r.key.assign(key->begin(), key->end());
  const auto stored = in.be(8), expires = in.be(8), stale = in.be(8), found = in.be(1);
  if (!stored || !expires || !stale || !found)
    return record_error(errc::snapshot_truncated, index, "ends inside its times");
  if (!(*stored <= *expires && *expires <= *stale))
    return record_error(errc::snapshot_malformed, index, "times out of order (need stored <= expires <= stale)");
  if (*found > 1) return record_error(errc::snapshot_malformed, index, "found flag is neither 0 nor 1");
  r.stored_at = *stored;
  r.expires_at = *expires;
  r.stale_until = *stale;
  r.found = *found == 1;
  const auto chain_len = in.be(4);
  if (!chain_len) return record_error(errc::snapshot_truncated, index, "ends before its chain length");
  // Checked before anything is allocated, so a forged length costs nothing.
  if (*chain_len > snapshot_max_chain) return record_error(errc::snapshot_malformed, index, "chain longer than 64 KiB");
  const auto chain = in.take(*chain_len);
  if (!chain) return record_error(errc::snapshot_truncated, index, "chain runs past the end");
  r.chain.assign(chain->begin(), chain->end());
  return r;
}

}  // namespace

bytes encode_snapshot(const std::vector<snapshot_record>& records) {
  bytes out = start();
  std::uint32_t count = 0;
  for (const auto& r : records) {
    if (!representable(r) || count == UINT32_MAX) continue;
    put_record(out, r);
    ++count;
  }
  return finish(std::move(out), count);
}

bytes encode_snapshot(const store& s, std::uint64_t now) {
  bytes out = start();
  std::uint32_t count = 0;
  snapshot_record r;
  s.for_each(now, [&](std::string_view key, const hit& h) {
    r.key.assign(key);
    r.stored_at = h.stored_at;
    r.expires_at = h.expires_at;
    r.stale_until = h.stale_until;
    r.found = h.value->found;
    // A Lightning Address entry is not kept: its payRequest has no chain to
    // re-validate at load, and the chain it has (BIP 353's proof of
    // absence) would come back as a plain not_found. After a restart the
    // first request looks it up again.
    if (h.value->lightning_address) return;
    // Checked before copying: a chain the format cannot hold is skipped.
    if (h.value->chain.size() > snapshot_max_chain || count == UINT32_MAX) return;
    r.chain = h.value->chain;
    if (!representable(r)) return;
    put_record(out, r);
    ++count;
  });
  return finish(std::move(out), count);
}

result<std::vector<snapshot_record>> decode_snapshot(byte_view data) {
  const std::size_t prefix = std::min(data.size(), magic.size());
  if (!std::equal(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(prefix), magic.begin()) ||
      data.size() < magic.size())
    return make_error(errc::snapshot_bad_magic, "not a cache snapshot (no HRNCACHE magic)");
  if (data.size() < header_size + checksum_size)
    return make_error(errc::snapshot_truncated, "snapshot shorter than its header and checksum");
  reader in{data.first(data.size() - checksum_size), magic.size()};
  const std::uint64_t version = *in.be(2);
  if (version != snapshot_version) {
    std::string m = "snapshot format version ";
    m += std::to_string(version);
    m += ", this build reads version ";
    m += std::to_string(snapshot_version);
    m += ": start with an empty cache";
    return make_error(errc::snapshot_unsupported_version, std::move(m));
  }
  const digest want = sha256(in.data);
  if (!std::equal(want.begin(), want.end(), data.end() - static_cast<std::ptrdiff_t>(checksum_size)))
    return make_error(errc::snapshot_corrupt, "snapshot checksum mismatch: the file is corrupt or truncated");
  if (*in.be(2) != 0) return make_error(errc::snapshot_malformed, "snapshot reserved field is not zero");
  const std::uint64_t count = *in.be(4);
  // Bounded by what the bytes can hold, so `reserve` cannot be made huge.
  if (count > in.left() / min_record_size) {
    std::string m = "snapshot declares ";
    m += std::to_string(count);
    m += " records, more than its size can hold";
    return make_error(errc::snapshot_malformed, std::move(m));
  }
  std::vector<snapshot_record> records;
  records.reserve(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < count; ++i) {
    auto r = read_record(in, i);
    if (!r) return std::move(r).err();
    records.push_back(std::move(r).value());
  }
  if (in.left() != 0) return make_error(errc::snapshot_malformed, "snapshot has bytes after its last record");
  return records;
}

}  // namespace hrn::cache
