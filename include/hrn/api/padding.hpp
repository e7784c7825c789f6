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

}  // namespace hrn::api
