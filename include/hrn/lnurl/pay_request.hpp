#pragma once
// The LNURL-pay first response (LUD-06 "payRequest") that a Lightning Address
// (LUD-16) URL answers, checked strictly. Pure: the body's bytes and the
// domain asked in, a value or a typed error (lnurl/errors.hpp) out; no
// sockets, clock or logging, so it is fuzzed (tests/fuzz/lnurl_pay.cpp).
//
// LUD-06 shape:
//   {"callback": "https://…", "maxSendable": N, "minSendable": N,
//    "metadata": "[[\"text/plain\", \"…\"], …]", "tag": "payRequest"}
// plus LUD-12's optional "commentAllowed". Or the error shape of LUD-06:
//   {"status": "ERROR", "reason": "…"}.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::lnurl {

// Bounds on what a stranger's server can make the relay hold or parse. LUD-06
// allows one PNG or JPEG thumbnail of "up to 136536 characters" in the
// metadata, and the metadata must be served whole (the invoice's description
// hash is over it), so the bounds leave room for one.
inline constexpr std::size_t max_body_bytes = 256 * 1024;
inline constexpr std::size_t max_callback_bytes = 2048;
inline constexpr std::size_t max_metadata_bytes = 192 * 1024;  // the metadata string itself
inline constexpr std::size_t max_metadata_entries = 32;
inline constexpr std::size_t max_description_bytes = 2048;    // text/plain
inline constexpr std::size_t max_reason_bytes = 200;          // kept of an error's reason

struct pay_request {
  std::string callback;       // the https URL (http for an .onion host, LUD-01), as given
  std::string callback_host;  // its host, lower case, without port
  // The callback's host is the Lightning Address's domain itself. A service
  // may legitimately send payers to another host (a hosted LNURL server), so
  // a mismatch is not refused; it is reported, and the payer's wallet
  // decides (the invoice comes from that host, not from the domain).
  bool callback_domain_matches = false;
  std::uint64_t min_sendable = 0;  // millisatoshi, >= 1
  std::uint64_t max_sendable = 0;  // millisatoshi, >= min_sendable
  std::string metadata;            // the metadata string exactly as sent (LUD-06: the
                                   // invoice's description hash is over these bytes)
  std::string description;         // the text/plain entry
  // LUD-16: text/identifier or text/email, when the metadata carries one.
  std::optional<std::string> identifier;
  // LUD-12: longest comment the payer may send; 0 when absent.
  std::uint64_t comment_allowed = 0;

  // Bytes of text this value holds (the cache's accounting).
  std::size_t payload_bytes() const {
    return callback.size() + callback_host.size() + metadata.size() + description.size() +
           (identifier ? identifier->size() : 0);
  }
  friend bool operator==(const pay_request&, const pay_request&) = default;
};

// Parses the body a LUD-16 URL of `domain` (lower case, as the name parser
// gives it) answered. Errors: lnurl_too_large, lnurl_bad_json, lnurl_bad_tag,
// lnurl_bad_callback, lnurl_bad_amounts, lnurl_bad_metadata, and
// lnurl_service_error for the error shape (its message carries the reason,
// cut to max_reason_bytes, control characters replaced).
result<pay_request> parse_pay_request(std::string_view body, std::string_view domain);

}  // namespace hrn::lnurl
