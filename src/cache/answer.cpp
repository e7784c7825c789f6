#include "hrn/cache/answer.hpp"

#include <limits>

namespace hrn::cache {

std::string_view answer::offer() const {
  if (!offer_copy_.empty()) return offer_copy_;
  return std::string_view(uri).substr(offer_pos_, offer_len_);
}

void answer::set_offer(std::string_view offer) {
  offer_pos_ = offer_len_ = 0;
  offer_copy_.clear();
  if (offer.empty()) return;
  const auto pos = std::string_view(uri).find(offer);
  // Positions are 32-bit to keep the struct small; a URI past 4 GiB is not a
  // thing a DNS TXT record can carry, but a copy stays correct if it were.
  constexpr auto max32 = std::numeric_limits<std::uint32_t>::max();
  if (pos != std::string_view::npos && pos <= max32 && offer.size() <= max32) {
    offer_pos_ = static_cast<std::uint32_t>(pos);
    offer_len_ = static_cast<std::uint32_t>(offer.size());
  } else {
    offer_copy_.assign(offer);
  }
}

std::shared_ptr<const answer> make_found(std::string_view uri, std::string_view offer, bytes chain) {
  auto a = std::make_shared<answer>();
  a->found = true;
  a->uri.assign(uri);
  a->chain = std::move(chain);
  a->set_offer(offer);
  return a;
}

std::shared_ptr<const answer> make_absent(bytes chain) {
  auto a = std::make_shared<answer>();
  a->chain = std::move(chain);
  return a;
}

std::shared_ptr<const answer> make_lightning_address(bytes absence_chain,
                                                     std::shared_ptr<const lnurl::pay_request> pay,
                                                     std::size_t pay_bytes) {
  auto a = std::make_shared<answer>();
  a->chain = std::move(absence_chain);
  a->lightning_address = std::move(pay);
  a->lightning_address_bytes = pay_bytes;
  return a;
}

}  // namespace hrn::cache
