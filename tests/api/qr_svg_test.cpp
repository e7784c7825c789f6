#include <catch2/catch.hpp>

#include <memory>
#include <regex>
#include <vector>

#include <qrencode.h>

#include "hrn/api/qr_svg.hpp"

using namespace hrn::api;

namespace {

// The modules the SVG path draws, read back from its strokes ("M x y.5 h n",
// "m dx 0 h n"), as a side x side matrix of the whole picture.
std::vector<std::vector<bool>> modules_of(const std::string& svg, int side) {
  std::vector<std::vector<bool>> m(side, std::vector<bool>(side, false));
  const auto start = svg.find(" d=\"");
  REQUIRE(start != std::string::npos);
  const auto d = svg.substr(start + 4, svg.find('"', start + 4) - start - 4);
  REQUIRE(std::regex_match(d, std::regex("(M[0-9]+ [0-9]+\\.5h[0-9]+(m[0-9]+ 0h[0-9]+)*)*")));
  std::regex cmd("([Mm])([0-9]+) ([0-9]+)(?:\\.5)?h([0-9]+)");
  int x = 0, y = 0;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), cmd); it != std::sregex_iterator(); ++it) {
    const auto& c = *it;
    if (c[1] == "M") {
      x = std::stoi(c[2]);
      y = std::stoi(c[3]);
    } else {
      x += std::stoi(c[2]);
    }
    const int n = std::stoi(c[4]);
    REQUIRE(x + n <= side);
    for (int i = 0; i < n; ++i) m[y][x + i] = true;
    x += n;
  }
  return m;
}

struct qrcode_free {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

}  // namespace

TEST_CASE("qr: the payload upper-cases the bech32 parts of a bitcoin: URI and nothing else") {
  CHECK(qr_payload("bitcoin:?lno=lno1pgx9getnwss8") == "bitcoin:?lno=LNO1PGX9GETNWSS8");
  CHECK(qr_payload("BITCOIN:?lno=lno1abc") == "bitcoin:?lno=LNO1ABC");
  CHECK(qr_payload("bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?lno=lno1abc") ==
        "bitcoin:BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ?lno=LNO1ABC");
  // base58 addresses, labels and mixed-case values would change meaning.
  CHECK(qr_payload("bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?label=Alice&lno=lno1abc") ==
        "bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?label=Alice&lno=LNO1ABC");
  CHECK(qr_payload("bitcoin:?lno=lno1ABC") == "bitcoin:?lno=lno1ABC");
  CHECK(qr_payload("bitcoin:?lightning=lnbc10u1p3&amount=0.1") == "bitcoin:?lightning=LNBC10U1P3&amount=0.1");
  CHECK(qr_payload("bitcoin:?lno=lno1%41") == "bitcoin:?lno=lno1%41");
  CHECK(qr_payload("lno1abc") == "lno1abc");
}

TEST_CASE("qr: the SVG draws exactly libqrencode's matrix, with a quiet zone, and is deterministic") {
  const std::string text = qr_payload(
      "bitcoin:?lno=lno1pgx9getnwss8vetrw3hhyuckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg");
  auto svg = qr_svg(text);
  REQUIRE(svg.ok());
  CHECK(qr_svg(text).value() == *svg);
  CHECK(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(svg->ends_with("</svg>"));
  std::unique_ptr<QRcode, qrcode_free> code(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  REQUIRE(code);
  const int side = code->width + 8;
  CHECK(svg->find("viewBox=\"0 0 " + std::to_string(side) + ' ' + std::to_string(side) + "\"") != std::string::npos);
  const auto drawn = modules_of(*svg, side);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      const bool inside = x >= 4 && y >= 4 && x < side - 4 && y < side - 4;
      const bool dark = inside && (code->data[(y - 4) * code->width + (x - 4)] & 1);
      INFO("module " << x << "," << y);
      REQUIRE(drawn[y][x] == dark);
    }
  // The top-left finder pattern: a dark 7x7 ring at (4,4).
  for (int i = 0; i < 7; ++i) CHECK((drawn[4][4 + i] && drawn[10][4 + i] && drawn[4 + i][4] && drawn[4 + i][10]));
}

TEST_CASE("qr: an offer's code stays small, and what does not fit is an error") {
  // 600 bech32 characters: a large offer with blinded paths.
  std::string offer = "lno1";
  const std::string alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  for (int i = 0; i < 600; ++i) offer += alphabet[(i * 7 + i / 3) % alphabet.size()];
  auto svg = qr_svg(qr_payload("bitcoin:?lno=" + offer));
  REQUIRE(svg.ok());
  CHECK(svg->size() < 16 * 1024);
  auto huge = qr_svg(std::string(5000, 'x'));
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.err().code == qr_errc::too_long);
  auto nul = qr_svg(std::string("a\0b", 3));
  REQUIRE_FALSE(nul.ok());
  CHECK(nul.err().code == qr_errc::too_long);
}
