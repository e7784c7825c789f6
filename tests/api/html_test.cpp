#include <catch2/catch.hpp>

#include "hrn/api/html.hpp"

using hrn::api::html::escape;

namespace {
const std::string fffd = "\xef\xbf\xbd";
}

TEST_CASE("html: the five characters that open markup or close an attribute are escaped") {
  CHECK(escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f");
  CHECK(escape("</style><script>alert(1)</script>") ==
        "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(escape("\" onfocus=\"alert(1)") == "&quot; onfocus=&quot;alert(1)");
  CHECK(escape("&amp;") == "&amp;amp;");  // escaped text is escaped again, never trusted
  CHECK(escape("") == "");
}

TEST_CASE("html: UTF-8 text, tab and line feed pass unchanged") {
  CHECK(escape("\xe2\x82\xbf" "alice@example.com") == "\xe2\x82\xbf" "alice@example.com");
  CHECK(escape("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8d\x95") ==
        "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8d\x95");
  CHECK(escape("two\tcolumns\nlines") == "two\tcolumns\nlines");
}

TEST_CASE("html: bidirectional controls are replaced, so text cannot reorder what is around it") {
  // RLO, LRO, PDF, the isolates, the marks and the Arabic letter mark.
  for (const char* bidi : {"\xe2\x80\xae", "\xe2\x80\xad", "\xe2\x80\xac", "\xe2\x80\xaa", "\xe2\x80\xab",
                           "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9", "\xe2\x80\x8e",
                           "\xe2\x80\x8f", "\xd8\x9c"}) {
    INFO(escape(bidi).size());
    CHECK(escape(std::string("pay ") + bidi + "1000 sat") == "pay " + fffd + "1000 sat");
  }
}

TEST_CASE("html: control characters and bytes that are not UTF-8 become U+FFFD") {
  CHECK(escape(std::string("a\0b", 3)) == "a" + fffd + "b");
  CHECK(escape("\x1b[31mred\r") == fffd + "[31mred" + fffd);
  CHECK(escape("\x7f\xc2\x85") == fffd + fffd);                 // DEL, NEL (C1)
  CHECK(escape("\xff") == fffd);                                // never a UTF-8 byte
  CHECK(escape("\xc0\xbc") == fffd + fffd);                     // overlong '<': no '<' comes out
  CHECK(escape("\xed\xa0\x80") == fffd + fffd + fffd);          // a surrogate
  CHECK(escape("\xf4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // above U+10FFFF
  CHECK(escape("ok\xe2\x82") == "ok" + fffd + fffd);            // cut short at the end
  CHECK(escape("\xe2<") == fffd + "&lt;");                      // a lead byte cannot swallow a '<'
}
