#include "hrn/api/padding.hpp"

#include <bit>

namespace hrn::api {

std::size_t padded_size(std::size_t size) {
  constexpr std::size_t smallest = 1024;
  if (size <= smallest) return smallest;
  return std::bit_ceil(size);
}

void pad_body(std::string& body) { body.append(padded_size(body.size()) - body.size(), ' '); }

std::size_t header_padding_for(std::size_t body_size) {
  if (body_size <= max_header_padding) return padded_size(body_size) - body_size;
  return (max_header_padding - body_size % max_header_padding) % max_header_padding;
}

}  // namespace hrn::api
