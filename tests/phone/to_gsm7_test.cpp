// to_gsm7: what stays, what loses its diacritic, what is transliterated, and
// what becomes '?' (one per character a reader sees).
#include <catch2/catch.hpp>

#include <string>

#include "hrn/phone/sms.hpp"

using namespace hrn::phone;

TEST_CASE("to_gsm7: characters the alphabet has stay as they are") {
  const std::string kept = "é è ù ì ò Ç Ø ø Å å Ä Ö Ñ Ü § ¿ ä ö ñ ü à É Æ æ ß Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ £ ¥ ¤ ¡ @ $ _ € [ ] { } | ~ ^ \\";
  CHECK(to_gsm7(kept) == kept);
  CHECK(to_gsm7("alice@example.com #1234") == "alice@example.com #1234");
}

TEST_CASE("to_gsm7: diacritics the alphabet lacks are stripped") {
  CHECK(to_gsm7("ő ç á â ã ê ë í î ï ó ô õ ú û ý ÿ") == "o c a a a e e i i i o o o u u y y");
  CHECK(to_gsm7("À Á Â Ã È Ê Ë Ì Í Î Ï Ò Ó Ô Õ Ù Ú Û Ý") == "A A A A E E E I I I I O O O O U U U Y");
  CHECK(to_gsm7("Łódź Kraków") == "Lodz Krakow");
  CHECK(to_gsm7("Şişli, İstanbul, ğ ı") == "Sisli, Istanbul, g i");
  CHECK(to_gsm7("Brașov, Timișoara, Constanța") == "Brasov, Timisoara, Constanta");
  CHECK(to_gsm7("Dvořák, Škoda, Ďábel, Œuvre, Đorđe") == "Dvorak, Skoda, Dabel, OEuvre, Dorde");
  CHECK(to_gsm7("Tiếng Việt có dấu") == "Tieng Viet co dau");
  // Hausa and Ewe letters.
  CHECK(to_gsm7("ɗan Ƙano ɓera ɛ ɔ Ɛ Ɔ") == "dan Kano bera e o E O");
  // A letter written as base + combining accent (NFD) loses the accent too.
  CHECK(to_gsm7("Cafe\xcc\x81 o\xcc\xa3\xcc\x80") == "Cafe o");
  CHECK(to_gsm7("Þór ð Straße ẞ") == "Thor d Straße SS");
}

TEST_CASE("to_gsm7: every letter and symbol of Latin-1 and Latin Extended-A has a GSM form") {
  for (char32_t cp = 0xA1; cp <= 0x17F; ++cp) {
    if (cp == 0xAD || cp == 0xB6) continue;  // the soft hyphen is dropped; ¶ has no form
    std::string s;
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
    const auto g = to_gsm7(s);
    INFO("U+" << std::hex << static_cast<unsigned>(cp));
    CHECK(is_gsm7(g));
    CHECK(!g.empty());
    CHECK(g != "?");
  }
}

TEST_CASE("to_gsm7: Cyrillic and Greek are transliterated") {
  CHECK(to_gsm7("Москва") == "Moskva");
  CHECK(to_gsm7("Привет, мир! Щука, жёлтый, объём") == "Privet, mir! Shchuka, zhyoltyy, obyom");
  CHECK(to_gsm7("Ґанок, Їжак, Єва, Ђорђе, Љубљана, Њ") == "Ganok, Yizhak, Yeva, Djordje, Ljubljana, Nj");
  CHECK(to_gsm7("Καφές για σένα") == "Kafes gia sena");
  CHECK(to_gsm7("Ωμέγα, θάλασσα, ψυχή") == "Ωmega, thalassa, psychi");
  // Capitals the alphabet has stay Greek; the others are their Latin look-alikes.
  CHECK(to_gsm7("ΑΘΗΝΑ ΣΠΑΡΤΗ ΔΕΛΦΟΙ") == "AΘHNA ΣΠAPTH ΔEΛΦOI");
}

TEST_CASE("to_gsm7: ₿, typographic quotes, dashes and the ellipsis become ASCII") {
  CHECK(to_gsm7("₿alice@example.com") == "BTCalice@example.com");
  CHECK(to_gsm7("0.001 ₿") == "0.001 BTC");
  CHECK(to_gsm7("“Hi” ‘there’ — it’s 5–7 pm…") == "\"Hi\" 'there' - it's 5-7 pm...");
  CHECK(to_gsm7("«bonjour» „Hallo“ ‹x›") == "\"bonjour\" \"Hallo\" 'x'");
  CHECK(to_gsm7("`code` • ½ ©") == "'code' * 1/2 (c)");
  CHECK(to_gsm7("ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "alice@example.com");
  CHECK(to_gsm7("5 ₦, 3 ₵, ₹ 10") == "5 NGN, 3 GHS, INR 10");
}

TEST_CASE("to_gsm7: emoji, CJK and other scripts become one '?' per character") {
  CHECK(to_gsm7("Coffee ☕") == "Coffee ?");
  CHECK(to_gsm7("❤️ thanks") == "? thanks");                     // with VS16
  CHECK(to_gsm7("👍🏽👍") == "??");                                // skin tone modifier
  CHECK(to_gsm7("👨‍👩‍👧‍👦 family") == "? family");                // ZWJ sequence
  CHECK(to_gsm7("🇰🇪🇳🇬") == "??");                                // two flags
  CHECK(to_gsm7("🇰") == "?");                                     // half a flag
  CHECK(to_gsm7("🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F") == "?");
  CHECK(to_gsm7("咖啡豆") == "???");
  CHECK(to_gsm7("قهوة") == "????");
  CHECK(to_gsm7("नमस्ते") == "????");                               // न म स् ते
  CHECK(to_gsm7("한국어") == "???");
  CHECK(to_gsm7("a\u200db") == "ab");                              // a joiner between letters
}

TEST_CASE("to_gsm7: controls and broken UTF-8 are '?', invisible characters vanish") {
  CHECK(to_gsm7("a\x01" "b\x7f" "c") == "a?b?c");
  CHECK(to_gsm7("a\xc2\x80" "b") == "a?b");
  CHECK(to_gsm7("a\xff" "b") == "a?b");
  CHECK(to_gsm7("\xe2\x82") == "?");               // a € cut short: one character
  CHECK(to_gsm7("\xc0\xaf") == "??");              // an overlong '/': two broken bytes
  CHECK(to_gsm7("\xed\xa0\x80") == "???");         // a UTF-16 surrogate
  CHECK(to_gsm7("\xf4\x90\x80\x80").find_first_not_of('?') == std::string::npos);
  CHECK(to_gsm7("a\u200bb\u00adc\ufeffd\u2060e\u200ef") == "abcdef");
}

TEST_CASE("to_gsm7: white space runs of any kind become one space") {
  CHECK(to_gsm7("a \t\n\r  b") == "a b");
  CHECK(to_gsm7("a\u00a0\u2003\u3000b") == "a b");
  CHECK(to_gsm7("  a  ") == " a ");
  CHECK(to_gsm7("a\fb") == "a b");  // form feed is GSM, but white space in a one-line text
  CHECK(to_gsm7("").empty());
}
