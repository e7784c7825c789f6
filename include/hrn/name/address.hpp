#pragma once
// Human-readable payment addresses (BIP 353): what a person types or an SMS
// gateway forwards, normalised into user, domain, optional short code and the
// DNS name that carries the payment instructions. Pure: no I/O, no logging.
//
// Accepted forms (surrounding white space is trimmed):
//   alice@example.com           the plain form
//   ₿alice@example.com          BIP 353's display form; one leading ₿ (U+20BF)
//   ALICE*EXAMPLE.COM           feature phones: '*' stands for '@' when there is no '@'
//   alice@example.com#1234      a short code for invreq_payer_note (BOLT 12 type 89)
//   alice@example.com.          a trailing dot on the domain is dropped
//
// Normalisation, in order:
//   1. The input must be valid UTF-8 of at most `max_input_bytes` bytes.
//   2. Full-width ASCII (U+FF01–U+FF5E, what CJK input methods type) becomes
//      ASCII and the ideographic full stops U+3002 / U+FF61 become '.', as
//      UTS #46 maps them; so `ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ` is plain ASCII.
//   3. White space at both ends is trimmed: ASCII white space, every Unicode
//      White_Space character (U+00A0, U+2000–U+200A, U+3000, …) and the
//      invisible U+200B / U+FEFF that copy and paste drags along. Inside the
//      name they are a `bad_character`: a space cannot be dropped safely
//      ("pay alice @ example.com" is not one name).
//   4. One leading ₿ is dropped. A ₿ anywhere else (a second one, one after a
//      space) is a `bad_character`.
//   5. The separator is the first '@'; with no '@', the first '*'. Any further
//      '@' or '*' is a `bad_character` of the label it lands in.
//   6. The first '#' after the separator starts the short code: 1–16 ASCII
//      letters or digits, lower-cased. A '#' with nothing after it is a
//      `bad_short_code` (a payer who meant to type a code must not pay
//      without it). A '#' before the separator is a `bad_character`.
//   7. User and domain are split into labels at '.'. An all-ASCII label may
//      hold only `A–Z a–z 0–9 - _` (BOLT 12's invreq_bip_353_name set, which
//      is also why '%' escapes are not decoded) and is lower-cased. A label
//      with any other character goes through IDNA (libidn2: IDNA2008 with
//      UTS #46 non-transitional mapping, so upper case is mapped) and must
//      come out as letters, digits and '-'; an A-label typed as `xn--…` is
//      checked the same way. Labels are 1–63 octets after conversion.
//   8. The domain needs at least two labels; the DNS name
//      `<user>.user._bitcoin-payment.<domain>.` must fit 255 octets on the
//      wire, so user and domain together have at most 230 characters.
// The first problem found in that order is the one reported; within user and
// domain, labels are checked left to right.

#include <cstddef>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::name {

// Stable error codes (shared by CLI and HTTP API; other programs match on them).
// Messages say what to fix and never repeat the name itself (at most the one
// offending character), so they are safe to log.
namespace errc {
// nothing but white space (or only a ₿)
inline constexpr std::string_view empty = "empty";
// neither '@' nor '*'
inline constexpr std::string_view no_separator = "no_separator";
// a character outside the allowed set: a space, '%', a second '@', a misplaced
// '*', '#' or ₿, a control character, invalid UTF-8
inline constexpr std::string_view bad_character = "bad_character";
// an empty user or domain, or an empty label (two dots in a row, a leading dot)
inline constexpr std::string_view empty_label = "empty_label";
// a label longer than 63 octets (after IDNA conversion)
inline constexpr std::string_view label_too_long = "label_too_long";
// the DNS name exceeds 255 octets on the wire (or the input exceeds max_input_bytes)
inline constexpr std::string_view name_too_long = "name_too_long";
// the domain has one label only ("alice@localhost")
inline constexpr std::string_view single_label_domain = "single_label_domain";
// the code after '#' is empty, too long or not ASCII letters/digits
inline constexpr std::string_view bad_short_code = "bad_short_code";
// IDNA rejects a non-ASCII label or a typed A-label (emoji, symbols, bad punycode)
inline constexpr std::string_view idna = "idna";
}  // namespace errc

inline constexpr std::size_t max_label_octets = 63;
inline constexpr std::size_t max_wire_octets = 255;
inline constexpr std::size_t max_short_code_chars = 16;
// Inputs longer than this are refused before any other work. No valid name
// needs more: a 255-octet DNS name plus generous room for UTF-8, ignorable
// characters and surrounding white space.
inline constexpr std::size_t max_input_bytes = 4096;

// Wire length of `<user>.user._bitcoin-payment.<domain>.` for the text
// lengths of user and domain (without trailing dots): every label costs its
// length plus one length octet, and the root adds one. The two fixed labels
// cost 5 + 17.
constexpr std::size_t dns_name_wire_octets(std::size_t user_chars, std::size_t domain_chars) {
  return (user_chars + 1) + 5 + 17 + (domain_chars + 1) + 1;
}
// Hence user and domain together may have at most this many characters (230).
inline constexpr std::size_t max_user_domain_chars = max_wire_octets - dns_name_wire_octets(0, 0);

struct address {
  std::string user;        // lower case; punycode A-label form if `idn`
  std::string domain;      // lower case, no trailing dot; A-labels if `idn`
  std::string short_code;  // "" when none; 1–16 lower-case ASCII letters/digits
  // Some label of user or domain is an A-label (`xn--…`), whether converted
  // from Unicode or typed that way: a client that shows the Unicode form
  // should warn about look-alike characters (homographs). Full-width or other
  // input that maps to plain ASCII does not set it.
  bool idn = false;

  // "<user>.user._bitcoin-payment.<domain>." (always ≤ 255 octets on the wire)
  std::string dns_name() const;
  // "user@domain"
  std::string text() const;
  // "₿user@domain" (the ₿ is for display only, BIP 353)
  std::string display() const;

  friend bool operator==(const address&, const address&) = default;
};

// Parses and normalises; errors carry one of the `errc` codes.
result<address> parse(std::string_view input);

}  // namespace hrn::name
