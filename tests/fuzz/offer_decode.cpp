// libFuzzer target: bolt12::decode_offer and the layers under it.
// Input starting with a NUL byte: the rest is a TLV stream, decoded with
// decode_offer_tlv (reaches the field rules without the string layer).
// Any other input: the whole of it is the offer string.
// Besides "no crash, no leak, no UB", it checks that whatever decodes
// re-encodes to the same bytes and decodes again to the same records.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hrn/bolt12/bech32.hpp"
#include "hrn/bolt12/offer.hpp"
#include "hrn/bolt12/summary.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void check_round_trip(const hrn::bolt12::offer& o, hrn::byte_view stream) {
  const auto encoded = hrn::bolt12::encode_tlv_stream(o.records);
  check(encoded.size() == stream.size() && std::equal(encoded.begin(), encoded.end(), stream.begin()));
  auto again = hrn::bolt12::decode_offer(hrn::bolt12::encode_bolt12_string("lno", encoded));
  check(again.ok() && again->records == o.records);
  (void)hrn::bolt12::summarize(o);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 0 && data[0] == 0) {
    const hrn::byte_view stream(data + 1, size - 1);
    auto o = hrn::bolt12::decode_offer_tlv(stream);
    if (o) check_round_trip(*o, stream);
    return 0;
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto o = hrn::bolt12::decode_offer(text);
  if (o) {
    auto s = hrn::bolt12::decode_bolt12_string(text);
    check(s.ok());
    check_round_trip(*o, s->data);
  } else {
    check(!o.err().code.empty() && !o.err().message.empty());
  }
  return 0;
}
