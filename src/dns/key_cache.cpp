#include "hrn/dns/key_cache.hpp"

#include <algorithm>

#include "hrn/dns/canonical.hpp"
#include "hrn/dns/dnssec_crypto.hpp"

namespace hrn::dns {

std::string validated_key_cache::key_of(const name& zone, const bytes& dnskey_digest,
                                        const bytes& anchors_digest) {
  std::string k(reinterpret_cast<const char*>(zone.wire().data()), zone.wire_size());
  k.append(reinterpret_cast<const char*>(dnskey_digest.data()), dnskey_digest.size());
  k.append(reinterpret_cast<const char*>(anchors_digest.data()), anchors_digest.size());
  return k;
}

std::shared_ptr<const cached_zone> validated_key_cache::find(const name& zone, const bytes& dnskey_digest,
                                                             const bytes& anchors_digest, std::uint64_t now) {
  auto it = entries_.find(key_of(zone, dnskey_digest, anchors_digest));
  if (it == entries_.end()) {
    ++misses_;
    return nullptr;
  }
  if (now >= it->second->valid_until) {
    entries_.erase(it);
    ++misses_;
    return nullptr;
  }
  ++hits_;
  return it->second;
}

void validated_key_cache::make_room(std::uint64_t now) {
  std::erase_if(entries_, [&](const auto& kv) { return now >= kv.second->valid_until; });
  while (entries_.size() >= max_entries_ && !entries_.empty()) {
    auto soonest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.second->valid_until < b.second->valid_until;
    });
    entries_.erase(soonest);
  }
}

void validated_key_cache::insert(const bytes& dnskey_digest, const bytes& anchors_digest, cached_zone entry,
                                 std::uint64_t now) {
  if (max_entries_ == 0 || now >= entry.valid_until) return;
  auto key = key_of(entry.zone, dnskey_digest, anchors_digest);
  if (entries_.find(key) == entries_.end() && entries_.size() >= max_entries_) make_room(now);
  entries_[std::move(key)] = std::make_shared<const cached_zone>(std::move(entry));
}

result<public_key> public_key_memo::get(std::uint8_t algorithm, byte_view key_bytes) {
  std::string k(1, static_cast<char>(algorithm));
  k.append(reinterpret_cast<const char*>(key_bytes.data()), key_bytes.size());
  {
    std::lock_guard lock(mutex_);
    if (auto it = keys_.find(k); it != keys_.end()) return it->second;
  }
  auto parsed = public_key::from_dnskey(algorithm, key_bytes);
  if (!parsed || max_entries_ == 0) return parsed;
  std::lock_guard lock(mutex_);
  if (keys_.emplace(k, *parsed).second) {
    order_.push_back(std::move(k));
    while (order_.size() > max_entries_) {
      keys_.erase(order_.front());
      order_.pop_front();
    }
  }
  return parsed;
}

bytes dnskey_rrset_digest(const name& zone, std::vector<bytes> canonical_rdatas) {
  canonical_sort_unique(canonical_rdatas);
  bytes joined;
  for (const auto& r : canonical_rdatas) {
    joined.push_back(static_cast<std::uint8_t>(r.size() >> 8));
    joined.push_back(static_cast<std::uint8_t>(r.size()));
    joined.insert(joined.end(), r.begin(), r.end());
  }
  return sha256_of({zone.wire(), byte_view(joined)});
}

}  // namespace hrn::dns
