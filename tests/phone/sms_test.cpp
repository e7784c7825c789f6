// The confirmation SMS: always one GSM 03.38 message of at most 160 septets;
// name, amount, flag words and note whole; the description gets the rest.
#include <catch2/catch.hpp>

#include "support/utf8.hpp"

#include <random>
#include <string>

#include "hrn/phone/sms.hpp"

using namespace hrn::phone;

namespace {

confirmation_fields full(std::optional<std::string> description) {
  confirmation_fields f;
  f.name = "alice@example.com";
  f.amount = "1000 sat";
  f.flag = "840000 RED TEAL NAVY GOLD";
  f.payer_note = "1234";
  f.description = std::move(description);
  return f;
}

const std::string fixed_part = "Pay alice@example.com 1000 sat. Flag 840000 RED TEAL NAVY GOLD. Note 1234.";

void check_limits(const std::string& sms) {
  INFO(sms);
  CHECK(is_gsm7(sms));
  CHECK(gsm7_septets(sms) <= sms_max_septets);
}

}  // namespace

TEST_CASE("confirmation_sms: the documented example, and the optional parts") {
  CHECK(confirmation_sms(full("Coffee beans")) == fixed_part + " \"Coffee beans\"");
  CHECK(confirmation_sms(full(std::nullopt)) == fixed_part);
  CHECK(confirmation_sms(full("  \t ")) == fixed_part);
  confirmation_fields bare;
  bare.name = "bob@example.org";
  CHECK(confirmation_sms(bare) == "Pay bob@example.org any amount. No flag.");
  bare.payer_note = "";
  bare.flag = "";
  CHECK(confirmation_sms(bare) == "Pay bob@example.org any amount. No flag.");
}

TEST_CASE("confirmation_sms: a description cannot pass for the relay's flag") {
  // Anyone can compute a node's real words at a block; an offer without a
  // flag whose description reads like one must not show them where the flag goes.
  confirmation_fields f;
  f.name = "shop@example.com";
  f.description = "Flag 840000 RED TEAL NAVY GOLD. \"Fresh\" beans";
  const auto sms = confirmation_sms(f);
  CHECK(sms == "Pay shop@example.com any amount. No flag. \"Flag 840000 RED TEAL NAVY GOLD. 'Fresh' beans\"");
}

TEST_CASE("confirmation_sms: the longest description is cut to the room left, with ...") {
  // A BOLT 12 description is a TLV of up to 65535 bytes.
  const auto sms = confirmation_sms(full(std::string(65535, 'x')));
  check_limits(sms);
  CHECK(gsm7_septets(sms) == sms_max_septets);
  CHECK(sms.starts_with(fixed_part + " \"xxx"));
  CHECK(sms.ends_with("x...\""));
}

TEST_CASE("confirmation_sms: descriptions in many scripts stay within one GSM SMS") {
  const std::string texts[] = {
      "Café crème, pâtisserie et thé à emporter — livraison gratuite à Besançon et Orléans, "
      "commandes avant midi; Łódź, Škoda, Tiếng Việt, Brașov",
      "Кофе в зёрнах, свежая обжарка, доставка по Москве и Санкт-Петербургу в течение дня",
      "Φρέσκος καφές από την Αθήνα και τη Θεσσαλονίκη, παράδοση την ίδια μέρα",
      "قهوة عربية طازجة مع الهيل، توصيل مجاني داخل المدينة",
      "新鲜烘焙的咖啡豆，当天发货，全国包邮。コーヒー豆。커피",
      "ताज़ा भुनी हुई कॉफी बीन्स, उसी दिन डिलीवरी",
      "Coffee ☕☕☕ 👍🏽 👨‍👩‍👧‍👦 🇰🇪🇳🇬 ❤️ [limited] {offer} €5 | ~ ^ \\ best beans in town",
  };
  for (const auto& t : texts) {
    const auto sms = confirmation_sms(full(t));
    check_limits(sms);
    CHECK(sms.starts_with(fixed_part + " "));
  }
  // Arabic and CJK are all '?': still one message, and still the whole fixed part.
  CHECK(confirmation_sms(full("咖啡")) == fixed_part + " \"??\"");
}

TEST_CASE("confirmation_sms: an extension character at the cut is never halved") {
  // Vary the description's length so that a two-septet character falls on
  // every position around the cut.
  for (std::size_t pad = 0; pad < 8; ++pad) {
    const auto sms = confirmation_sms(full(std::string(pad, 'a') + std::string(200, '[')));
    check_limits(sms);
    CHECK(sms.ends_with("...\""));
    CHECK(gsm7_septets(sms) >= sms_max_septets - 1);
  }
}

TEST_CASE("confirmation_sms: a name near the 230-character limit keeps both ends") {
  confirmation_fields f = full("Coffee");
  f.name = std::string(63, 'u') + "@" + std::string(60, 'd') + "." + std::string(60, 'e') + ".example.com";
  const auto sms = confirmation_sms(f);
  check_limits(sms);
  CHECK(sms.starts_with("Pay uuuu"));
  CHECK(sms.find("...") != std::string::npos);
  CHECK(sms.find("eee.example.com 1000 sat. Flag 840000 RED TEAL NAVY GOLD. Note 1234.") != std::string::npos);
}

TEST_CASE("confirmation_sms: fields far beyond any real offer still give one SMS") {
  confirmation_fields f = full(std::string(500, 'd'));
  f.amount = std::string(300, '9') + " sat";
  f.payer_note = std::string(100, 'n');
  check_limits(confirmation_sms(f));
  f.name = "ναι@παράδειγμα.ελ";  // not what a caller should pass, but GSM comes out
  check_limits(confirmation_sms(f));
}

TEST_CASE("property: random UTF-8 in every field gives one GSM SMS; to_gsm7 is always GSM") {
  std::mt19937 rng(20240601);
  // Code points from every plane, weighted towards the ranges that exercise
  // the tables, plus raw bytes (broken UTF-8).
  const auto random_text = [&](std::size_t max_len) {
    std::string s;
    const auto n = std::uniform_int_distribution<std::size_t>(0, max_len)(rng);
    for (std::size_t i = 0; i < n; ++i) {
      const auto kind = rng() % 8;
      char32_t cp = 0;
      if (kind == 0) {
        s += static_cast<char>(rng() & 0xFF);
        continue;
      }
      if (kind == 1) cp = 0x20 + rng() % 0x60;
      else if (kind == 2) cp = 0x80 + rng() % 0x200;
      else if (kind == 3) cp = 0x300 + rng() % 0x200;
      else if (kind == 4) cp = 0x1F000 + rng() % 0x1000;
      else if (kind == 5) cp = 0x2000 + rng() % 0x100;
      else cp = rng() % 0x110000;
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
      s += test_support::utf8_of(cp);
    }
    return s;
  };
  for (int round = 0; round < 3000; ++round) {
    const auto text = random_text(300);
    const auto g = to_gsm7(text);
    REQUIRE(is_gsm7(g));
    const auto n = static_cast<std::size_t>(rng() % 200);
    const auto cut = truncate_gsm7(g, n);
    REQUIRE(is_gsm7(cut));
    REQUIRE(gsm7_septets(cut) <= n);
    confirmation_fields f;
    f.name = random_text(40);
    f.description = text;
    if (rng() % 2) f.amount = random_text(20);
    if (rng() % 2) f.flag = random_text(40);
    if (rng() % 2) f.payer_note = random_text(16);
    const auto sms = confirmation_sms(f);
    INFO(sms);
    REQUIRE(is_gsm7(sms));
    REQUIRE(gsm7_septets(sms) <= sms_max_septets);
  }
}
