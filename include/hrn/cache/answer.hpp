#pragma once
// What one cache entry holds: the validated chain (RFC 9102
// AuthenticationChain bytes) beside the answer parsed from it. Every answer
// shape the relay serves (JSON, text, the proof) is a view of this one value,
// so adding a shape never adds a lookup. Immutable once built: the store and
// every reader share it through shared_ptr<const answer>.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "hrn/util/bytes.hpp"

namespace hrn::lnurl {
struct pay_request;  // hrn/lnurl/pay_request.hpp; the cache only holds it
}

namespace hrn::cache {

struct answer {
  bool found = false;  // false: DNSSEC proved the name absent (a negative entry)
  std::string uri;     // the bitcoin: URI (found only)
  bytes chain;         // RFC 9102 proof bytes
  // The Lightning Address fallback's payRequest (LUD-16): set only when
  // `found` is false (BIP 353 proved the name absent; `chain` is that
  // proof) and the domain's web server then answered one. Such an entry is
  // an answer with source "lnurl"; it carries no URI and no offer.
  std::shared_ptr<const lnurl::pay_request> lightning_address;
  std::size_t lightning_address_bytes = 0;  // its text, for the byte bound

  // The lno= offer text, "" if none.
  std::string_view offer() const;
  // Sets the offer. Call after `uri` is set and never change `uri` after:
  // the offer is nearly always a substring of the URI (`lno=<offer>`), so it
  // is kept as a span of it rather than a second copy of ~300+ bytes per
  // entry; an offer that is not in the URI (re-cased, decoded) is copied.
  void set_offer(std::string_view offer);
  // Bytes of text and proof this answer holds: URI, chain, and the offer only
  // when it is a copy (a span of the URI is already counted in it).
  std::size_t payload_bytes() const {
    return uri.size() + offer_copy_.size() + chain.size() + lightning_address_bytes;
  }

 private:
  std::uint32_t offer_pos_ = 0;
  std::uint32_t offer_len_ = 0;
  std::string offer_copy_;
};

// A positive answer: URI, its offer ("" if none) and the proof. The URI is
// copied (not moved) so that `offer` may safely be a view into the caller's URI.
std::shared_ptr<const answer> make_found(std::string_view uri, std::string_view offer, bytes chain);
// A negative answer: the proof that the name does not exist.
std::shared_ptr<const answer> make_absent(bytes chain);
// A Lightning Address answer: BIP 353's proof of absence and the payRequest
// found after it (`pay_bytes`: the payRequest's text size).
std::shared_ptr<const answer> make_lightning_address(bytes absence_chain,
                                                     std::shared_ptr<const lnurl::pay_request> pay,
                                                     std::size_t pay_bytes);

}  // namespace hrn::cache
