// Every stable error code, with the inputs that must produce it.
#include "helpers.hpp"

using namespace name_test;
namespace errc = hrn::name::errc;

TEST_CASE("error: empty input") {
  for (const char* in : {"", " ", "\t\r\n", "\u00A0\u3000", "\u20BF", " \u20BF ", "\uFEFF"}) {
    INFO(in);
    CHECK(code_of(in) == errc::empty);
  }
  CHECK_THAT(message_of(""), Catch::Contains("alice@example.com"));
}

TEST_CASE("error: no separator") {
  for (const char* in : {"alice", "alice.example.com", "alice#12", "\u20BFalice", "#1234"}) {
    INFO(in);
    CHECK(code_of(in) == errc::no_separator);
  }
  CHECK_THAT(message_of("alice"), Catch::Contains("'@'") && Catch::Contains("'*'"));
}

TEST_CASE("error: white space inside the name") {
  for (const char* in : {"alice smith@example.com", "alice @example.com", "alice@ example.com",
                         "alice@exa mple.com", "alice\t@example.com", "al\u00A0ice@example.com",
                         "alice@example.com\u3000x.org", "ali\u200Bce@example.com",
                         "\u20BF alice@example.com"}) {
    INFO(in);
    CHECK(code_of(in) == errc::bad_character);
  }
  CHECK_THAT(message_of("alice smith@example.com"), Catch::Contains("space"));
  CHECK_THAT(message_of("al\u00A0ice@example.com"), Catch::Contains("U+00A0"));
}

TEST_CASE("error: characters outside the BOLT 12 name set") {
  for (const char* in : {"al!ce@example.com", "alice@example.com/", "alice+tag@example.com",
                         "alice@[192.0.2.1]", "alice@example.com:80", "a'b@example.com",
                         "\"alice\"@example.com", "alice@example,com"}) {
    INFO(in);
    CHECK(code_of(in) == errc::bad_character);
  }
  CHECK_THAT(message_of("al!ce@example.com"), Catch::Contains("'!'") && Catch::Contains("user"));
  CHECK_THAT(message_of("alice@exam+ple.com"), Catch::Contains("'+'") && Catch::Contains("domain"));
}

TEST_CASE("error: percent-encoding is not decoded") {
  CHECK(code_of("alice%40example.com@example.com") == errc::bad_character);
  CHECK(code_of("alice@m%C3%BCnchen.de") == errc::bad_character);
  CHECK_THAT(message_of("a%20b@example.com"), Catch::Contains("percent"));
}

TEST_CASE("error: a second separator") {
  CHECK(code_of("a@b@example.com") == errc::bad_character);
  CHECK_THAT(message_of("a@b@example.com"), Catch::Contains("only one '@'"));
  // '@' wins over '*', so a '*' next to an '@' is just a bad character.
  CHECK(code_of("a*b@example.com") == errc::bad_character);
  CHECK(code_of("alice@example*com") == errc::bad_character);
  CHECK_THAT(message_of("a*b@example.com"), Catch::Contains("without '@'"));
  CHECK(code_of("a*b*example.com") == errc::bad_character);
  CHECK_THAT(message_of("a*b*example.com"), Catch::Contains("only one '*'"));
}

TEST_CASE("error: a misplaced bitcoin sign or #") {
  CHECK(code_of("\u20BF\u20BFalice@example.com") == errc::bad_character);
  CHECK(code_of("alice@\u20BFexample.com") == errc::bad_character);
  CHECK(code_of("alice\u20BF@example.com") == errc::bad_character);
  CHECK_THAT(message_of("\u20BF\u20BFalice@example.com"), Catch::Contains("only once"));
  CHECK(code_of("alice#12@example.com") == errc::bad_character);
  CHECK_THAT(message_of("alice#12@example.com"), Catch::Contains("short code"));
}

TEST_CASE("error: control characters and broken UTF-8") {
  using namespace std::string_view_literals;
  CHECK(code_of("ali\x01" "ce@example.com") == errc::bad_character);
  CHECK(code_of("alice@example.com\x7F" "x") == errc::bad_character);
  CHECK(code_of("al\u0080ice@example.com") == errc::bad_character);  // C1 control
  CHECK(code_of("ali\0ce@example.com"sv) == errc::bad_character);
  CHECK(code_of("\xFF@example.com") == errc::bad_character);
  CHECK(code_of("\xC3@example.com") == errc::bad_character);          // truncated
  CHECK(code_of("alice@example.com\xE2\x82") == errc::bad_character);  // truncated at end
  CHECK(code_of("\xC0\xAE@example.com") == errc::bad_character);      // overlong '.'
  CHECK(code_of("\xED\xA0\x80@example.com") == errc::bad_character);  // surrogate
  CHECK(code_of("\xF4\x90\x80\x80@example.com") == errc::bad_character);  // > U+10FFFF
  CHECK_THAT(message_of("\xFF@example.com"), Catch::Contains("UTF-8"));
}

TEST_CASE("error: empty user, domain or label") {
  for (const char* in : {"@example.com", "\u20BF@example.com", "*example.com", "alice@",
                         "alice@.", "alice*", ".alice@example.com", "alice.@example.com",
                         "a..b@example.com", "alice@example..com", "alice@.example.com",
                         "alice@example.com..", "alice@#12"}) {
    INFO(in);
    CHECK(code_of(in) == errc::empty_label);
  }
  CHECK_THAT(message_of("@example.com"), Catch::Contains("user is empty"));
  CHECK_THAT(message_of("alice@"), Catch::Contains("domain is empty"));
  CHECK_THAT(message_of("*example.com"), Catch::Contains("'*'"));
  CHECK_THAT(message_of("a..b@example.com"), Catch::Contains("dot"));
}

TEST_CASE("error: single-label domain") {
  for (const char* in : {"a@b", "alice@localhost", "alice@localhost.", "RUSTY*BLOCKSTREAM",
                         "alice@com#12"}) {
    INFO(in);
    CHECK(code_of(in) == errc::single_label_domain);
  }
  CHECK(message_of("a@b") == "the domain needs at least two labels, like example.com");
}

TEST_CASE("error: bad short code") {
  for (const char* in : {"alice@example.com#", "alice@example.com#12-34", "alice@example.com#12 34",
                         "alice@example.com#ab#cd", "alice@example.com#\u00FC",
                         "alice@example.com#\u0661\u0662", "alice@example.com#a@b",
                         "alice@example.com# 12", "alice@example.com#_1"}) {
    INFO(in);
    CHECK(code_of(in) == errc::bad_short_code);
  }
  CHECK_THAT(message_of("alice@example.com#"), Catch::Contains("leave out the '#'"));
  CHECK_THAT(message_of("alice@example.com#12-34"), Catch::Contains("'-'"));
}

TEST_CASE("error: IDNA rejects the label") {
  for (const char* in : {"\U0001F600@example.com",      // 😀 user
                         "alice@\U0001F600.com",        // 😀 domain
                         "alice@xn--ls8h.com",          // 😀 typed as an A-label
                         "alice@xn--zz.com",            // punycode that does not decode
                         "alice@XN--ABC.com",           // decodes to something IDNA rejects
                         "alice@xn--.com",              // empty punycode
                         "m\u00FC_ller@example.com",    // '_' inside a Unicode label
                         "alice@xn--m_ller-3ya.de",     // … and typed as an A-label
                         "a\u200Db@example.com",        // ZWJ between Latin letters
                         "alice@-m\u00FCnchen.de",      // leading hyphen in a U-label
                         "alice@\u0663.com",            // lone Arabic digit: bidi rule
                         "alice@\u00AD.com",            // only an ignorable soft hyphen
                         "alice@\u2603.com",            // ☃ symbol
                         "\u0301alice@example.com"}) {  // leading combining mark
    INFO(in);
    CHECK(code_of(in) == errc::idna);
  }
  CHECK_THAT(message_of("alice@\U0001F600.com"), Catch::Contains("label 1 of the domain"));
  CHECK_THAT(message_of("alice@ok.\U0001F600.com"), Catch::Contains("label 2 of the domain"));
}

TEST_CASE("the first problem, in reading order, is the one reported") {
  CHECK(code_of("a b@c") == errc::bad_character);              // user before domain
  CHECK(code_of("alice@x y") == errc::bad_character);          // labels before label count
  CHECK(code_of("alice@localhost#") == errc::single_label_domain);  // domain before code
  CHECK(code_of("al!ce@\U0001F600.com") == errc::bad_character);
  CHECK(code_of("\U0001F600@al!ce.com") == errc::idna);
  const auto user = repeat('a', 50) + "." + repeat('a', 50) + "." + repeat('a', 50) + "." + repeat('a', 50);
  CHECK(code_of(user + "@" + repeat('b', 40) + ".com#") == errc::name_too_long);  // before code
}

TEST_CASE("error messages are one line and never repeat the name") {
  for (const char* in : {"secretname", "secretname@", "secret name@example.com", "secretname@b",
                         "secretname@example.com#", "secretname@\U0001F600.com",
                         "secretname..x@example.com"}) {
    const auto msg = message_of(in);
    INFO(in << " -> " << msg);
    CHECK_FALSE(msg.empty());
    CHECK(msg.find('\n') == std::string::npos);
    CHECK(msg.find("secret") == std::string::npos);
  }
}
