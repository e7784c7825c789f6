#include "hrn/api/padding.hpp"

#include <bit>

namespace hrn::api {

std::size_t padded_size(std::size_t size) {
  constexpr std::size_t smallest = 1024;
  if (size <= smallest) return smallest;
  return std::bit_ceil(size);
}

void pad_body(std::string& body) { body.append(padded_size(body.size()) - body.size(), ' '); }

}  // namespace hrn::api
