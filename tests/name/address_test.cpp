// The derived strings, and that normalising twice changes nothing.
#include "helpers.hpp"

using hrn::name::address;
using namespace name_test;

TEST_CASE("dns_name, text and display are built from user and domain") {
  const address a{"bob", "example.org", "42", false};
  CHECK(a.dns_name() == "bob.user._bitcoin-payment.example.org.");
  CHECK(a.text() == "bob@example.org");
  CHECK(a.display() == "\u20BF" "bob@example.org");
}

TEST_CASE("parsing a normalised name gives the same address") {
  for (const char* in : {" \u20BFAlice@Example.COM ", "RUSTY*BLOCKSTREAM.COM#a1B2",
                         "a_b.j\u00FCrgen@M\u00DCNCHEN.de#X", "alice@\u0430pple.com",
                         "first.last@example.co.uk.", "\uFF41@\uFF42\uFF0E\uFF43"}) {
    INFO(in);
    const auto a = parse_ok(in);
    const std::string again = a.text() + (a.short_code.empty() ? "" : "#" + a.short_code);
    CHECK(parse_ok(again) == a);
    CHECK(parse_ok(a.display()) == parse_ok(a.text()));
  }
}
