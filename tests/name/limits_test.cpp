// Length limits at the exact boundary and one past it.
#include "helpers.hpp"

using namespace name_test;
namespace errc = hrn::name::errc;
using hrn::name::dns_name_wire_octets;
using hrn::name::max_user_domain_chars;

namespace {

// A dotted name of exactly `chars` characters made of labels of at most 63.
std::string dotted(char c, std::size_t chars) {
  std::string out;
  while (chars > 0) {
    if (!out.empty()) {
      out.push_back('.');
      --chars;
    }
    // Never leave a lone dot at the end: keep at least one character for the next label.
    std::size_t n = std::min<std::size_t>(63, chars);
    if (chars > n && chars - n == 1) --n;
    out.append(n, c);
    chars -= n;
  }
  return out;
}

// Wire length of a name given in text form with a trailing dot (RFC 1035 §3.1).
std::size_t wire_length(const std::string& fqdn) { return fqdn.size() + 1; }

}  // namespace

TEST_CASE("user and domain together may have 230 characters") {
  STATIC_REQUIRE(max_user_domain_chars == 230);
  CHECK(dns_name_wire_octets(5, 11) == wire_length("alice.user._bitcoin-payment.example.com."));
  CHECK(dns_name_wire_octets(5, 11) == 41);
}

TEST_CASE("a DNS name of exactly 255 octets is accepted, 256 is not") {
  const std::string user = repeat('u', 63);
  for (std::size_t domain_chars : {max_user_domain_chars - 63, max_user_domain_chars - 62}) {
    const std::string domain = dotted('d', domain_chars);
    REQUIRE(domain.size() == domain_chars);
    const std::string in = user + "@" + domain;
    INFO("user+domain = " << user.size() + domain.size());
    if (user.size() + domain.size() <= max_user_domain_chars) {
      const auto a = parse_ok(in);
      CHECK(wire_length(a.dns_name()) == 255);
    } else {
      CHECK(code_of(in) == errc::name_too_long);
      CHECK_THAT(message_of(in), Catch::Contains("256 octets"));
    }
  }
}

TEST_CASE("the 255-octet limit counts the user side too") {
  const std::string domain = "example.com";
  const std::string fits = dotted('u', max_user_domain_chars - domain.size());
  CHECK(wire_length(parse_ok(fits + "@" + domain).dns_name()) == 255);
  CHECK(code_of(fits + "x@" + domain) == errc::name_too_long);
  // A trailing dot on the domain is not counted twice.
  CHECK(code_of(fits + "@" + domain + ".") == "ok");
}

TEST_CASE("labels of 63 octets are accepted, 64 are not") {
  CHECK(code_of(repeat('a', 63) + "@example.com") == "ok");
  CHECK(code_of(repeat('a', 64) + "@example.com") == errc::label_too_long);
  CHECK(code_of("x." + repeat('a', 64) + "@example.com") == errc::label_too_long);
  CHECK(code_of("alice@" + repeat('b', 63) + ".com") == "ok");
  CHECK(code_of("alice@" + repeat('b', 64) + ".com") == errc::label_too_long);
  CHECK(code_of("alice@example." + repeat('c', 64)) == errc::label_too_long);
  CHECK_THAT(message_of("alice@example." + repeat('c', 64)),
             Catch::Contains("label 2 of the domain") && Catch::Contains("64"));
}

TEST_CASE("an internationalised label is measured after conversion") {
  // 55 'a' and one 'ä' make "xn--" + 55 'a' + "-uve": 63 octets.
  const auto a = parse_ok("alice@" + repeat('a', 55) + "\u00E4.de");
  CHECK(a.domain == "xn--" + repeat('a', 55) + "-uve.de");
  CHECK(code_of("alice@" + repeat('a', 56) + "\u00E4.de") == errc::label_too_long);
  CHECK(code_of(repeat('a', 56) + "\u00E4@example.com") == errc::label_too_long);
  CHECK_THAT(message_of("alice@" + repeat('a', 56) + "\u00E4.de"), Catch::Contains("IDNA"));
  // Lots of short UTF-8 is fine when the A-label is short: 'ü' is two octets.
  CHECK(code_of("alice@" + repeat('a', 40) + "\u00FC\u00FC\u00FC.de") == "ok");
}

TEST_CASE("short codes of 16 characters are accepted, 17 are not") {
  CHECK(parse_ok("alice@example.com#" + repeat('Z', 16)).short_code == repeat('z', 16));
  CHECK(code_of("alice@example.com#" + repeat('z', 17)) == errc::bad_short_code);
  CHECK_THAT(message_of("alice@example.com#" + repeat('z', 17)), Catch::Contains("17"));
}

TEST_CASE("input is bounded before any work") {
  const std::string name = "alice@example.com";
  const std::size_t max = hrn::name::max_input_bytes;
  CHECK(code_of(std::string(max - name.size(), ' ') + name) == "ok");
  CHECK(code_of(std::string(max - name.size() + 1, ' ') + name) == errc::name_too_long);
  CHECK(code_of(std::string(1 << 20, 'a')) == errc::name_too_long);
}
