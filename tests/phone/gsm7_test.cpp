// The GSM 03.38 alphabet (3GPP TS 23.038 §6.2.1 and §6.2.1.1), septet
// counting and truncation at character boundaries.
#include <catch2/catch.hpp>

#include "support/utf8.hpp"

#include <string>

#include "hrn/phone/sms.hpp"

using namespace hrn::phone;

namespace {

using test_support::utf8_of;

// The default alphabet typed again from the standard's table, row by row
// (0x1B, the escape, left out; LF and CR as escapes).
const std::string default_alphabet =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const std::string extension_table = "\f^{}\\[~]|€";

}  // namespace

TEST_CASE("gsm7: the default alphabet is one septet a character, the extension table two") {
  CHECK(is_gsm7(default_alphabet));
  CHECK(gsm7_septets(default_alphabet) == 127);
  CHECK(is_gsm7(extension_table));
  CHECK(gsm7_septets(extension_table) == 20);
  CHECK(gsm7_septets("") == 0);
  CHECK(gsm7_septets("Pay 5€ [now]") == 15);
}

TEST_CASE("gsm7: exactly 137 code points are in the alphabet, none outside the two tables") {
  std::size_t in = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const auto s = utf8_of(cp);
    if (!is_gsm7(s)) continue;
    ++in;
    const bool listed = default_alphabet.find(s) != std::string::npos || extension_table.find(s) != std::string::npos;
    if (!listed) FAIL_CHECK("U+" << std::hex << static_cast<unsigned>(cp) << " is not in TS 23.038");
  }
  CHECK(in == 127 + 10);
}

TEST_CASE("gsm7: characters the alphabet lacks, and broken UTF-8, are not GSM") {
  for (const char* s : {"ç", "á", "`", "ő", "€uro ☕", "α", "Д", "₿", "\t", "\x7f", "\xc2\x85"})
    CHECK_FALSE(is_gsm7(s));
  for (const char* s : {"a\xff", "\xc3", "\xc0\xaf", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80"})
    CHECK_FALSE(is_gsm7(s));
}

TEST_CASE("truncate_gsm7: text that fits is unchanged, text that does not ends in ...") {
  CHECK(truncate_gsm7("Coffee beans", 12) == "Coffee beans");
  CHECK(truncate_gsm7("Coffee beans", 100) == "Coffee beans");
  CHECK(truncate_gsm7("Coffee beans", 11) == "Coffee b...");
  // No space is left before the dots.
  CHECK(truncate_gsm7("Coffee beans", 10) == "Coffee...");
  CHECK(truncate_gsm7("Coffee beans", 3) == "...");
  CHECK(truncate_gsm7("Coffee beans", 2) == "..");
  CHECK(truncate_gsm7("Coffee beans", 0).empty());
}

TEST_CASE("truncate_gsm7: an extension character is kept whole or dropped, never halved") {
  // 4 + 4×2 septets.
  const std::string t = "aaaa€€€€";
  CHECK(truncate_gsm7(t, 12) == t);
  CHECK(truncate_gsm7(t, 11) == "aaaa€€...");
  CHECK(gsm7_septets(truncate_gsm7(t, 11)) == 11);
  // Room for 5 before the dots: the € (2) after "aaaa" (4) does not fit.
  CHECK(truncate_gsm7(t, 8) == "aaaa...");
  CHECK(truncate_gsm7(t, 9) == "aaaa€...");
  CHECK(truncate_gsm7("[[[[[[", 10) == "[[[...");
  for (std::size_t n = 0; n <= 14; ++n) {
    const auto cut = truncate_gsm7("a[b]c{d}e|f~g\\h€", n);
    CHECK(is_gsm7(cut));
    CHECK(gsm7_septets(cut) <= n);
  }
}

TEST_CASE("truncate_gsm7: multi-byte characters are never cut inside their UTF-8") {
  CHECK(truncate_gsm7("éééééé", 5) == "éé...");
  CHECK(truncate_gsm7("ΔΔΔΔΔΔΔ", 6) == "ΔΔΔ...");
  CHECK(is_gsm7(truncate_gsm7("ÄÖÜäöüß", 4)));
}
