// Fuzzes the LNURL-pay (LUD-06) response parser (hrn::lnurl::parse_pay_request)
// with arbitrary server bytes. Beyond "no crash, no UB": what it accepts obeys
// LUD-06 (1 <= min <= max, a non-empty https callback whose host it reports,
// metadata within its bounds) and every refusal carries a code and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "hrn/lnurl/lightning_address.hpp"
#include "hrn/lnurl/pay_request.hpp"
#include "hrn/util/utf8.hpp"

namespace {
void require(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto r = hrn::lnurl::parse_pay_request(body, "shop.test");
  if (!r) {
    require(!r.err().code.empty() && !r.err().message.empty());
    require(hrn::utf8::is_valid(r.err().message) && r.err().message.find('\n') == std::string::npos);
  } else {
    require(r->min_sendable >= 1 && r->min_sendable <= r->max_sendable);
    require(r->callback.size() <= hrn::lnurl::max_callback_bytes && !r->callback_host.empty());
    require(r->callback_domain_matches == (r->callback_host == "shop.test"));
    require(r->metadata.size() <= hrn::lnurl::max_metadata_bytes);
    require(r->description.size() <= hrn::lnurl::max_description_bytes);
    require(hrn::utf8::is_valid(r->description) && hrn::utf8::is_valid(r->metadata));
  }
  // The same bytes as a user part: accepted only in LUD-16's alphabet.
  if (size <= 64) {
    const auto target = hrn::lnurl::well_known_target(body);
    if (target) require(target->find_first_of("/?#% \r\n", 20) == std::string::npos);
  }
  return 0;
}
