#pragma once
// Answer padding (DESIGN "Privacy mechanisms" 7): every answer body a client
// gets from the API is padded to a fixed bucket, so its size tells an
// observer of the (encrypted) client link nothing about which name was asked
// or whether a proof was included. Pure.
//
// Buckets: 1, 2, 4, 8 and 16 KiB, and above that the next power of two.
// JSON is padded with trailing spaces after the document (RFC 8259 allows
// whitespace after a value; every JSON parser skips it), plain text with
// trailing spaces after its last line. Clients need do nothing.

#include <cstddef>
#include <string>

namespace hrn::api {

// The bucket a body of `size` bytes is padded to.
std::size_t padded_size(std::size_t size);

// Appends spaces to `body` up to padded_size(body.size()).
void pad_body(std::string& body);

// A binary body (a DNS message, an RFC 9102 chain) has no room for filler a
// parser would skip, so its filler travels in a header field instead: this
// many octets, so that body and filler together fill padded_size() up to
// 8 KiB of body and the next multiple of 8 KiB above it. The filler stays
// below 8 KiB, so that no client's limit on header size (Node's is 16 KiB in
// all) turns a large proof into an error.
std::size_t header_padding_for(std::size_t body_size);
inline constexpr std::size_t max_header_padding = 8 * 1024;

}  // namespace hrn::api
