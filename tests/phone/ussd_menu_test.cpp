// The USSD menu as a gateway drives it: growing `text`, retries, wrong
// inputs, time running out; every screen GSM and within 182 septets.
#include <catch2/catch.hpp>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "hrn/phone/sms.hpp"
#include "hrn/phone/ussd_menu.hpp"

using namespace hrn::phone;
using namespace hrn::phone::ussd;

namespace {

constexpr std::uint64_t t0 = 1'800'000'000;

void check_screen(const reply& r) {
  INFO(r.body());
  CHECK(is_gsm7(r.body()));
  CHECK(gsm7_septets(r.body()) <= max_screen_septets);
  CHECK(r.body().starts_with(r.end ? "END " : "CON "));
}

// Plays the endpoint: names with an '@' or '*' and a dot parse; the "lookup"
// finds an offer for every name.
struct driver {
  std::optional<session> slot;
  menu_options options;
  std::uint64_t now = t0;
  std::string looked_up;  // what the last lookup resolved: name#code
  offer_choice choice{"alice@example.com", "lno1qqq", "", "1000 sat", "Coffee beans", "840000 RED TEAL NAVY GOLD"};

  reply call(std::string_view text) {
    auto a = step(slot, text, now, options);
    if (a.what == next::check_name) {
      const auto& in = a.input;
      const bool ok = (in.find('@') != std::string::npos || in.find('*') != std::string::npos) &&
                      in.find('.') != std::string::npos;
      const auto hash = in.find('#');
      std::string name = in.substr(0, hash);
      for (auto& c : name) c = c == '*' ? '@' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      a = name_checked(*slot, ok ? "" : "The domain needs a dot", name,
                       hash == std::string::npos ? "" : in.substr(hash + 1), options);
    }
    if (a.what == next::look_up) {
      looked_up = slot->name + "#" + slot->code;
      auto c = choice;
      c.payer_note = slot->code;
      c.name = slot->name;
      check_screen(offer_found(*slot, c));
      return slot->last;
    }
    if (a.what == next::issue_reference) return confirmed(*slot, "ABCDEFGHJKMNPQRS");
    REQUIRE(a.what == next::reply);
    check_screen(a.screen);
    return a.screen;
  }
};

}  // namespace

TEST_CASE("ussd menu: the whole flow, name with '@', a short code, confirm") {
  driver d;
  auto r = d.call("");
  CHECK_FALSE(r.end);
  CHECK(r.text.find("alice@example.com") != std::string::npos);
  CHECK(r.text.find("ALICE*EXAMPLE.COM") != std::string::npos);
  r = d.call("alice@example.com");
  CHECK_FALSE(r.end);
  CHECK(r.text.find("0 if none") != std::string::npos);
  r = d.call("alice@example.com*AB12");
  CHECK(d.looked_up == "alice@example.com#ab12");
  CHECK_FALSE(r.end);
  CHECK(r.text == "Pay alice@example.com\n\"Coffee beans\"\n1000 sat\nFlag 840000 RED TEAL NAVY GOLD\nNote ab12\n1 Confirm\n2 Cancel");
  r = d.call("alice@example.com*AB12*1");
  CHECK(r.end);
  CHECK(r.text == "Confirmed. Ref ABCDEFGHJKMNPQRS\nPaying alice@example.com 1000 sat.");
  // Anything after the end only says so.
  r = d.call("alice@example.com*AB12*1*1");
  CHECK(r.end);
  CHECK(r.text.find("ended") != std::string::npos);
}

TEST_CASE("ussd menu: a star-typed name arrives whole; its own #code skips the code screen") {
  driver d;
  d.call("");
  auto r = d.call("ALICE*EXAMPLE.COM");
  CHECK(r.text.find("0 if none") != std::string::npos);
  CHECK(d.slot->name == "alice@example.com");
  r = d.call("ALICE*EXAMPLE.COM*0");
  CHECK(d.looked_up == "alice@example.com#");
  CHECK(r.text.find("Note") == std::string::npos);

  driver e;
  e.call("");
  r = e.call("BOB*EXAMPLE.ORG#77");
  CHECK(e.looked_up == "bob@example.org#77");
  CHECK(r.text.find("1 Confirm") != std::string::npos);
  // A '#' left by the send key is dropped, not taken as an empty code.
  driver f;
  f.call("");
  r = f.call("carol@example.net#");
  CHECK(f.slot->name == "carol@example.net");
  CHECK(f.slot->at == stage::code);
}

TEST_CASE("ussd menu: a bad name asks again, then gives up after three tries") {
  driver d;
  d.call("");
  auto r = d.call("alice@examplecom");
  CHECK_FALSE(r.end);
  CHECK(r.text.starts_with("The domain needs a dot.\nType the name again"));
  r = d.call("alice@examplecom*alice@example.com");
  CHECK_FALSE(r.end);
  CHECK(d.slot->at == stage::code);
  CHECK(d.slot->tries == 0);

  driver e;
  e.call("");
  e.call("x");
  e.call("x*y");
  r = e.call("x*y*z");
  CHECK(r.end);
  CHECK(r.text.find("Too many tries") != std::string::npos);
}

TEST_CASE("ussd menu: bad short codes, cancel, and wrong confirm inputs") {
  driver d;
  d.call("");
  d.call("a@b.c");
  auto r = d.call("a@b.c*12-34");
  CHECK_FALSE(r.end);
  CHECK(r.text.find("1 to 16 letters or digits") != std::string::npos);
  r = d.call("a@b.c*12-34*" + std::string(17, '1'));
  CHECK(r.text.find("1 to 16 letters or digits") != std::string::npos);
  r = d.call("a@b.c*12-34*" + std::string(17, '1') + "*#1234");
  CHECK(d.looked_up == "a@b.c#1234");
  r = d.call("a@b.c*12-34*" + std::string(17, '1') + "*#1234*9");
  CHECK_FALSE(r.end);
  CHECK(r.text.starts_with("Reply 1 to confirm or 2 to cancel.\nPay a@b.c"));
  r = d.call("a@b.c*12-34*" + std::string(17, '1') + "*#1234*9*2");
  CHECK(r.end);
  CHECK(r.text.starts_with("Cancelled"));
}

TEST_CASE("ussd menu: a repeated call gets the same screen; a rewritten text ends the session") {
  driver d;
  d.call("");
  const auto first = d.call("alice@example.com");
  CHECK(d.call("alice@example.com").body() == first.body());
  CHECK(d.slot->at == stage::code);
  auto r = d.call("bob@example.com*1");
  CHECK(r.end);
  CHECK(r.text.find("out of step") != std::string::npos);
  CHECK_FALSE(d.slot.has_value());
}

TEST_CASE("ussd menu: a session older than its time ends; an unknown session with text is timed out") {
  driver d;
  d.options.session_seconds = 180;
  d.call("");
  d.now += 179;
  CHECK_FALSE(d.call("alice@example.com").end);
  d.now += 1;
  auto r = d.call("alice@example.com*1");
  CHECK(r.end);
  CHECK(r.text == "Session timed out, dial again.");
  CHECK_FALSE(d.slot.has_value());
  r = d.call("alice@example.com*1");
  CHECK(r.end);
  CHECK(r.text == "Session timed out, dial again.");
  CHECK_FALSE(d.slot.has_value());
}

TEST_CASE("ussd menu: long descriptions, names and hostile text still fit one screen") {
  driver d;
  d.choice.description = std::string(65535, 'x');
  d.call("");
  d.call("alice@example.com");
  auto r = d.call("alice@example.com*1234567890123456");
  CHECK(gsm7_septets(r.body()) == max_screen_septets);
  CHECK(r.text.ends_with("Note 1234567890123456\n1 Confirm\n2 Cancel"));

  for (const char* description : {"Кофе в зёрнах, доставка по Москве 😀😀", "咖啡豆咖啡豆", "[{€}]~|^\\ €€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€"}) {
    driver e;
    e.choice.description = description;
    e.call("");
    const std::string name = std::string(63, 'u') + "@" + std::string(63, 'd') + "." + std::string(63, 'e') + ".com";
    e.call(name);
    r = e.call(name + "*0");
    CHECK(r.text.find("1 Confirm\n2 Cancel") != std::string::npos);
    r = e.call(name + "*0*1");
    CHECK(r.text.starts_with("Confirmed. Ref ABCDEFGHJKMNPQRS"));
  }
}

TEST_CASE("ussd menu: an offer's description cannot pass for the node-id flag") {
  // The domain writes the description. An offer without offer_issuer_id has
  // no flag, and a description of the flag the payee's own node shows at
  // this block would stand where the flag stands: the payer, told to compare
  // flags, would find a match. The description is quoted, and a missing
  // flag says so.
  const auto flag_lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at <= text.size()) {
      const auto end = std::min(text.find('\n', at), text.size());
      if (text.compare(at, 5, "Flag ") == 0) out.push_back(text.substr(at, end - at));
      at = end + 1;
    }
    return out;
  };
  driver d;
  d.choice.flag.reset();
  d.choice.description = "Flag 840000 RED TEAL NAVY GOLD";
  d.call("");
  d.call("mallory@example.com");
  auto r = d.call("mallory@example.com*0");
  CHECK(flag_lines(r.text).empty());
  CHECK(r.text.find("\nNo flag\n") != std::string::npos);
  CHECK(r.text.find("\"Flag 840000 RED TEAL NAVY GOLD\"") != std::string::npos);

  driver e;
  e.choice.flag = "840000 PINK PINK PINK PINK";
  e.choice.description = "Flag 840000 RED TEAL NAVY GOLD";
  e.call("");
  e.call("mallory@example.com");
  r = e.call("mallory@example.com*0");
  CHECK(flag_lines(r.text) == std::vector<std::string>{"Flag 840000 PINK PINK PINK PINK"});
}

TEST_CASE("ussd references: 16 characters of Crockford base32, all 80 bits used") {
  const std::uint8_t zero[10] = {};
  const std::uint8_t ones[10] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const std::uint8_t mixed[10] = {0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x35, 0xcf};
  CHECK(make_reference(zero) == "0000000000000000");
  CHECK(make_reference(ones) == "ZZZZZZZZZZZZZZZZ");
  // 00000 00001 00010 00011 00100 00101 00110 00111 01000 01001 01010 01011 01100 01101 01110 01111
  CHECK(make_reference(mixed) == "0123456789ABCDEF");
  CHECK(is_reference("0123456789ABCDEF"));
  CHECK_FALSE(is_reference("0123456789abcdef"));
  CHECK_FALSE(is_reference("0123456789ABCDEI"));
  CHECK_FALSE(is_reference("0123456789ABCDE"));
  CHECK_FALSE(is_reference("0123456789ABCDEF0"));
  std::set<std::string> seen;
  for (int b = 0; b < 80; ++b) {
    std::uint8_t one[10] = {};
    one[b / 8] = static_cast<std::uint8_t>(0x80 >> (b % 8));
    seen.insert(make_reference(one));
  }
  CHECK(seen.size() == 80);
}
