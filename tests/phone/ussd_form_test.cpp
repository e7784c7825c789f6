// The gateway's form body: decoding, caps, and the phone number that is
// never decoded or kept.
#include <catch2/catch.hpp>

#include <string>

#include "hrn/phone/errors.hpp"
#include "hrn/phone/expiring_table.hpp"
#include "hrn/phone/ussd_form.hpp"

using namespace hrn::phone;

TEST_CASE("ussd form: the gateway's fields, %-escapes and '+'") {
  auto r = parse_ussd_form("sessionId=ATUid_1f2e&serviceCode=%2A384%2A123%23&phoneNumber=%2B254711082999"
                           "&networkCode=63902&text=ALICE*EXAMPLE.COM%231234*a+b%40c");
  REQUIRE(r.ok());
  CHECK(r->session_id == "ATUid_1f2e");
  CHECK(r->text == "ALICE*EXAMPLE.COM#1234*a b@c");
  // The first call has an empty text, or none at all.
  CHECK(parse_ussd_form("sessionId=s1&text=")->text.empty());
  CHECK(parse_ussd_form("text&sessionId=s1")->text.empty());
  CHECK(parse_ussd_form("sessionId=s1")->text.empty());
  CHECK(parse_ussd_form("&&sessionId=s1&&")->session_id == "s1");
}

TEST_CASE("ussd form: the phone number is skipped, whatever its form") {
  const std::string number = "254711082999";
  for (const std::string& field : {"phoneNumber=%2B" + number, "phoneNumber=+" + number, "phoneNumber=" + number,
                                   "phoneNumber=%zz" + number, "phoneNumber=" + std::string(5000, '7')}) {
    auto r = parse_ussd_form("sessionId=abc&" + field + "&text=1*2");
    REQUIRE(r.ok());
    CHECK(r->session_id.find(number) == std::string::npos);
    CHECK(r->text == "1*2");
  }
  // The parsed value has exactly two fields: nothing else can be kept.
  static_assert(sizeof(ussd_request) == 2 * sizeof(std::string));
}

TEST_CASE("ussd form: malformed or oversized bodies are ussd_bad_form") {
  const auto bad = [](const std::string& body) {
    auto r = parse_ussd_form(body);
    INFO(body);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::ussd_bad_form);
    CHECK_FALSE(r.err().message.empty());
  };
  bad("");
  bad("text=1");
  bad("sessionId=");
  bad("sessionId=a&sessionId=b");
  bad("sessionId=a&text=1&text=2");
  bad("sessionId=a%2");
  bad("sessionId=a%");
  bad("sessionId=a%g0");
  bad("sessionId=a%00b");
  bad("sessionId=a&text=%00");
  bad("sessionId=" + std::string(max_session_id_bytes + 1, 's'));
  bad("sessionId=a&text=" + std::string(max_text_bytes + 1, '1'));
  bad("sessionId=a&text=" + std::string(max_form_bytes, '1'));
  std::string many = "sessionId=a";
  for (std::size_t i = 0; i < max_form_fields; ++i) many += "&x=1";
  bad(many);
  // At the caps exactly: fine.
  CHECK(parse_ussd_form("sessionId=" + std::string(max_session_id_bytes, 's')).ok());
  CHECK(parse_ussd_form("sessionId=a&text=" + std::string(max_text_bytes, '1')).ok());
}

TEST_CASE("expiring table: live, expired for one more lifetime, then missing") {
  expiring_table<std::string, int> t(4, 100);
  CHECK(t.put("a", 1, 1000));
  CHECK(t.find("a", 1099).what == decltype(t)::state::live);
  CHECK(*t.find("a", 1099).value == 1);
  CHECK(t.find("a", 1100).what == decltype(t)::state::expired);
  CHECK(t.find("a", 1199).what == decltype(t)::state::expired);
  CHECK(t.find("a", 1200).what == decltype(t)::state::missing);
  CHECK(t.find("b", 1000).what == decltype(t)::state::missing);
  // update keeps the insertion time, and does nothing to an expired entry.
  CHECK(t.update("a", 2, 1050));
  CHECK(*t.find("a", 1050).value == 2);
  CHECK_FALSE(t.update("a", 3, 1100));
  CHECK_FALSE(t.update("zz", 3, 1000));
}

TEST_CASE("expiring table: bounded by capacity; full of live entries it refuses, expired ones make room") {
  expiring_table<int, int> t(3, 100);
  for (int i = 0; i < 3; ++i) CHECK(t.put(i, i, 1000));
  // A live entry is never pushed out: strangers decide how many get made.
  CHECK_FALSE(t.put(3, 3, 1050));
  CHECK(t.size() == 3);
  CHECK(t.find(0, 1050).what == decltype(t)::state::live);
  CHECK(t.find(3, 1050).what == decltype(t)::state::missing);
  // Replacing a key makes it the newest.
  CHECK(t.put(0, 10, 1001));
  CHECK(*t.find(0, 1001).value == 10);
  // Past its lifetime the oldest (1) makes room, then 2.
  CHECK(t.put(4, 4, 1100));
  CHECK(t.find(1, 1100).what == decltype(t)::state::missing);
  CHECK(t.find(2, 1100).what == decltype(t)::state::expired);
  CHECK(t.put(5, 5, 1100));
  CHECK(t.find(2, 1100).what == decltype(t)::state::missing);
  CHECK(t.find(0, 1100).what == decltype(t)::state::live);
  CHECK_FALSE(t.put(6, 6, 1100));
  // A million put/erase cycles under one capacity stay within it.
  bool all_put = true;
  for (int i = 0; i < 1'000'000; ++i) {
    all_put &= t.put(100 + i, i, 2000);
    t.erase(100 + i);
  }
  CHECK(all_put);
  CHECK(t.size() <= 3);
  // Long-expired entries are dropped as new ones arrive.
  CHECK(t.put(7, 7, 5000));
  CHECK(t.size() == 1);
}
