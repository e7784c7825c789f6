// Fuzzes what bitcoind's side may send the block source: the JSON-RPC batch
// replies (hrn::blocks::parse_tip_batch, parse_hashes_batch) and the cookie
// and password files. The first byte picks the parser; for the hashes, the
// next two pick the height and the count asked. Beyond "no crash, no UB":
// an accepted hashes reply has exactly the count asked, heights down by one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hrn/blocks/rpc_wire.hpp"

namespace {
void require(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 3), size - 3);
  switch (data[0] % 4) {
    case 0: {
      const auto tip = hrn::blocks::parse_tip_batch(rest);
      if (tip) require(tip->height <= hrn::blocks::max_sane_height);
      else require(!tip.err().code.empty() && !tip.err().message.empty());
      break;
    }
    case 1: {
      const std::uint32_t height = data[1] % 8;
      const std::size_t count = data[2] % 10;
      const auto hashes = hrn::blocks::parse_hashes_batch(rest, height, count);
      if (!hashes) break;
      require(count >= 1 && hashes->size() == count && count <= height + 1u);
      for (std::size_t i = 0; i < count; ++i) require((*hashes)[i].height == height - i);
      break;
    }
    case 2: {
      const auto cookie = hrn::blocks::parse_rpc_cookie(rest);
      if (cookie) {
        require(!cookie->user.empty() && !cookie->password.empty());
        require(cookie->user.find(':') == std::string::npos);
        (void)hrn::blocks::basic_authorization(*cookie);
      }
      break;
    }
    default: {
      const auto password = hrn::blocks::parse_password_file(rest);
      if (password) require(!password->empty() && password->find('\n') == std::string::npos);
      break;
    }
  }
  return 0;
}
