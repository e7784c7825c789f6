#include "hrn/cache/shared_entry.hpp"

#include "hrn/cache/errors.hpp"
#include "wire_io.hpp"

namespace hrn::cache {

namespace {

bool times_in_order(const shared_entry& e) {
  return e.stored_at <= e.expires_at && e.expires_at <= e.stale_until;
}

error malformed(std::string what) { return make_error(errc::shared_entry_malformed, "shared cache entry " + what); }

}  // namespace

result<bytes> encode_shared_entry(const shared_entry& e) {
  if (e.uri.size() > shared_entry_max_uri) return malformed("URI longer than 65,535 bytes");
  if (e.chain.size() > shared_entry_max_chain) return malformed("chain longer than 64 KiB");
  if (!times_in_order(e)) return malformed("times out of order (need stored <= expires <= stale)");
  bytes out;
  out.reserve(1 + 3 * 8 + 1 + 2 + e.uri.size() + 4 + e.chain.size());
  out.push_back(shared_entry_version);
  wire::put_be(out, e.stored_at, 8);
  wire::put_be(out, e.expires_at, 8);
  wire::put_be(out, e.stale_until, 8);
  out.push_back(e.found ? 1 : 0);
  wire::put_be(out, e.uri.size(), 2);
  out.insert(out.end(), e.uri.begin(), e.uri.end());
  wire::put_be(out, e.chain.size(), 4);
  out.insert(out.end(), e.chain.begin(), e.chain.end());
  return out;
}

result<shared_entry> decode_shared_entry(byte_view data) {
  wire::reader in{data};
  const auto version = in.be(1);
  if (!version) return malformed("is empty");
  if (*version != shared_entry_version) {
    std::string m = "shared cache entry in format version ";
    m += std::to_string(*version);
    m += ", this relay reads version ";
    m += std::to_string(shared_entry_version);
    return make_error(errc::shared_entry_unsupported_version, std::move(m));
  }
  shared_entry e;
  const auto stored = in.be(8), expires = in.be(8), stale = in.be(8), found = in.be(1);
  if (!stored || !expires || !stale || !found) return malformed("ends inside its times");
  e.stored_at = *stored;
  e.expires_at = *expires;
  e.stale_until = *stale;
  if (!times_in_order(e)) return malformed("times out of order (need stored <= expires <= stale)");
  if (*found > 1) return malformed("found flag is neither 0 nor 1");
  e.found = *found == 1;
  const auto uri_len = in.be(2);
  if (!uri_len) return malformed("ends before its URI length");
  const auto uri = in.take(*uri_len);
  if (!uri) return malformed("URI runs past the end");
  if (!e.found && !uri->empty()) return malformed("of an absent name carries a URI");
  e.uri.assign(uri->begin(), uri->end());
  const auto chain_len = in.be(4);
  if (!chain_len) return malformed("ends before its chain length");
  if (*chain_len > shared_entry_max_chain) return malformed("chain longer than 64 KiB");
  const auto chain = in.take(*chain_len);
  if (!chain) return malformed("chain runs past the end");
  e.chain.assign(chain->begin(), chain->end());
  if (in.left() != 0) return malformed("has bytes after its chain");
  return e;
}

}  // namespace hrn::cache
