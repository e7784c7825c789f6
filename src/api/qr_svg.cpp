#include "hrn/api/qr_svg.hpp"

#include <memory>

#include <qrencode.h>

namespace hrn::api {
namespace {

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (upper(s[i]) != upper(prefix[i])) return false;
  return true;
}

// A bech32 string as BIP 173 writes it: letters and digits around a '1',
// all in one case. Only such a string is the same in upper case.
bool is_bech32(std::string_view s) {
  bool lower = false, up = false;
  for (char c : s) {
    if (!is_alnum(c)) return false;
    lower |= c >= 'a' && c <= 'z';
    up |= c >= 'A' && c <= 'Z';
  }
  return !(lower && up) && s.find('1') != std::string_view::npos;
}

void append_upper(std::string& out, std::string_view s) {
  for (char c : s) out += upper(c);
}

// A key whose value is a bech32 string (BOLT 12 offer, BOLT 11 invoice).
bool bech32_key(std::string_view key) {
  return key == "lno" || key == "LNO" || key == "lightning" || key == "LIGHTNING";
}

struct qrcode_free {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

}  // namespace

std::string qr_payload(std::string_view uri) {
  constexpr std::string_view scheme = "bitcoin:";
  if (!starts_with_nocase(uri, scheme)) return std::string(uri);
  std::string out(scheme);
  auto rest = uri.substr(scheme.size());
  const auto q = rest.find('?');
  const auto address = rest.substr(0, q);
  // Segwit addresses (bc1, tb1, bcrt1) are bech32; base58 ones are not.
  if (is_bech32(address) && (starts_with_nocase(address, "bc1") || starts_with_nocase(address, "tb1") ||
                             starts_with_nocase(address, "bcrt1")))
    append_upper(out, address);
  else
    out += address;
  if (q == std::string_view::npos) return out;
  rest = rest.substr(q + 1);
  out += '?';
  while (true) {
    const auto amp = rest.find('&');
    const auto param = rest.substr(0, amp);
    const auto eq = param.find('=');
    if (eq != std::string_view::npos && bech32_key(param.substr(0, eq)) && is_bech32(param.substr(eq + 1))) {
      out += param.substr(0, eq + 1);
      append_upper(out, param.substr(eq + 1));
    } else {
      out += param;
    }
    if (amp == std::string_view::npos) break;
    out += '&';
    rest = rest.substr(amp + 1);
  }
  return out;
}

result<std::string> qr_svg(std::string_view text) {
  if (text.find('\0') != std::string_view::npos)
    return make_error(qr_errc::too_long, "the text holds a NUL byte, which a QR code here cannot carry");
  const std::string c_text(text);
  // Version 0: the smallest that fits. Case-sensitive with the 8-bit hint:
  // libqrencode splits the text into numeric, alphanumeric and byte segments.
  std::unique_ptr<QRcode, qrcode_free> code(QRcode_encodeString(c_text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) code.reset(QRcode_encodeString(c_text.c_str(), 0, QR_ECLEVEL_L, QR_MODE_8, 1));
  if (!code) return make_error(qr_errc::too_long, "too long for a QR code; copy the text instead");
  constexpr int quiet = 4;
  const int width = code->width;
  const auto side = std::to_string(width + 2 * quiet);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + side + ' ' + side +
                    "\" role=\"img\" aria-label=\"QR code\"><rect width=\"" + side + "\" height=\"" + side +
                    "\" fill=\"#fff\"/><path stroke=\"#000\" shape-rendering=\"crispEdges\" d=\"";
  svg.reserve(svg.size() + static_cast<std::size_t>(width * width) / 2);
  // Each run of dark modules is a stroke of width 1 along the row's middle
  // line: "M x y.5 h n" for a row's first run, then "m gap 0 h n" relative
  // to the end of the previous one.
  for (int y = 0; y < width; ++y) {
    const unsigned char* row = code->data + static_cast<std::ptrdiff_t>(y) * width;
    int end = -1;  // where the previous run of this row ended
    for (int x = 0; x < width;) {
      if (!(row[x] & 1)) {
        ++x;
        continue;
      }
      int n = 1;
      while (x + n < width && (row[x + n] & 1)) ++n;
      if (end < 0)
        svg += 'M' + std::to_string(x + quiet) + ' ' + std::to_string(y + quiet) + ".5";
      else
        svg += 'm' + std::to_string(x - end) + " 0";
      svg += 'h' + std::to_string(n);
      end = x + n;
      x += n;
    }
  }
  svg += "\"/></svg>";
  return svg;
}

}  // namespace hrn::api
