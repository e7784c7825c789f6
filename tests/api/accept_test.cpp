// Choosing plain text or JSON from the Accept field (RFC 9110 §12.5.1).
#include <catch2/catch.hpp>

#include "hrn/api/accept.hpp"

using hrn::api::accept_prefers_text;
using hrn::api::accept_quality;

TEST_CASE("accept: the quality of a media type, most specific range first") {
  CHECK(accept_quality("", "text/plain") == 0);
  CHECK(accept_quality("text/plain", "text/plain") == 1000);
  CHECK(accept_quality("Text/Plain;charset=utf-8", "text/plain") == 1000);
  CHECK(accept_quality("text/plain;q=0.5", "text/plain") == 500);
  CHECK(accept_quality("text/plain; q=0.25 , */*;q=0.9", "text/plain") == 250);
  CHECK(accept_quality("text/*;q=0.3, */*;q=0.9", "text/plain") == 300);
  CHECK(accept_quality("*/*;q=0.1", "text/plain") == 100);
  CHECK(accept_quality("text/html", "text/plain") == 0);
  CHECK(accept_quality("text/plain;q=1.000", "text/plain") == 1000);
  CHECK(accept_quality("text/plain;q=0", "text/plain") == 0);
  CHECK(accept_quality("text/plain;q=junk", "text/plain") == 1000);  // listed: the default
  CHECK(accept_quality("text/plainx", "text/plain") == 0);
}

TEST_CASE("accept: text only when ranked above JSON") {
  CHECK(accept_prefers_text("text/plain"));
  CHECK(accept_prefers_text("text/plain, application/json;q=0.5"));
  CHECK(accept_prefers_text("text/*"));
  CHECK_FALSE(accept_prefers_text(""));
  CHECK_FALSE(accept_prefers_text("*/*"));
  CHECK_FALSE(accept_prefers_text("text/plain;q=0"));  // "not acceptable", RFC 9110 §12.4.2
  CHECK_FALSE(accept_prefers_text("text/plain, application/json"));
  CHECK_FALSE(accept_prefers_text("application/json, text/plain;q=0.9"));
  CHECK_FALSE(accept_prefers_text("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));  // a browser
}
