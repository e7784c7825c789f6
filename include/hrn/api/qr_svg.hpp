#pragma once
// QR codes for the web page, drawn on the server as SVG (libqrencode makes
// the matrix), so the page needs no script and no image request to show one.

#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::api {

namespace qr_errc {
// The text does not fit the largest QR code at the lowest error correction,
// or holds a NUL byte (libqrencode takes C strings).
inline constexpr std::string_view too_long = "qr_too_long";
}  // namespace qr_errc

// What the QR code of a payment carries: the BIP 21/321 URI with its bech32
// parts (the on-chain address when it is bech32, the lno= offer, a
// lightning= invoice) upper-cased. A QR code holds upper-case letters and
// digits in alphanumeric mode (5.5 bits a character instead of 8), so the
// code of a typical offer is a size or two smaller and easier to scan; the
// scheme and the keys stay lower case, as bitcoinqr.dev shows, since some
// wallets match "lno=" as written. bech32 readers accept either case (BIP
// 173; BOLT 12 for offers). Anything else (labels, base58 addresses) is kept
// exactly: upper-casing it would change it.
std::string qr_payload(std::string_view uri);

// An <svg> element of `text` as a QR code (error correction M, or L when M
// does not fit), with the 4-module quiet zone, black on white. Dark modules
// are one path of horizontal strokes, one stroke per run, so an offer's code
// stays a few KB. The same text always gives the same bytes.
// Error: qr_errc::too_long.
result<std::string> qr_svg(std::string_view text);

}  // namespace hrn::api
