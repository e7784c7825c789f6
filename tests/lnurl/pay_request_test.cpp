// The LNURL-pay (LUD-06) response parser: what it accepts, and each way a
// server's reply can be wrong, with the typed code that says which.
#include <string>

#include <catch2/catch.hpp>

#include "hrn/lnurl/errors.hpp"
#include "hrn/lnurl/pay_request.hpp"

using namespace hrn;
namespace errc = hrn::lnurl::errc;

namespace {

const std::string metadata_json =
    R"([[\"text/plain\",\"Coffee for alice\"],[\"text/identifier\",\"alice@shop.test\"]])";

std::string body_with(const std::string& callback = "https://shop.test/lnurlp/alice/callback",
                      const std::string& amounts = R"("minSendable":1000,"maxSendable":100000000)",
                      const std::string& metadata = "\"" + metadata_json + "\"",
                      const std::string& tag = R"("payRequest")") {
  return R"({"callback":")" + callback + R"(",)" + amounts + R"(,"metadata":)" + metadata +
         R"(,"tag":)" + tag + "}";
}

std::string code_of(std::string_view body, std::string_view domain = "shop.test") {
  auto r = lnurl::parse_pay_request(body, domain);
  REQUIRE_FALSE(r.ok());
  CHECK_FALSE(r.err().message.empty());
  return r.err().code;
}

}  // namespace

TEST_CASE("a LUD-06 payRequest with LUD-16 identifier and LUD-12 comment", "[lnurl]") {
  auto body = body_with();
  body.insert(body.size() - 1, R"(,"commentAllowed":140)");
  auto r = lnurl::parse_pay_request(body, "shop.test");
  REQUIRE(r.ok());
  CHECK(r->callback == "https://shop.test/lnurlp/alice/callback");
  CHECK(r->callback_host == "shop.test");
  CHECK(r->callback_domain_matches);
  CHECK(r->min_sendable == 1000);
  CHECK(r->max_sendable == 100000000);
  CHECK(r->description == "Coffee for alice");
  CHECK(r->identifier == std::optional<std::string>("alice@shop.test"));
  CHECK(r->comment_allowed == 140);
  // The metadata string is kept byte for byte: the invoice's description
  // hash is over exactly these bytes.
  CHECK(r->metadata == R"([["text/plain","Coffee for alice"],["text/identifier","alice@shop.test"]])");
}

TEST_CASE("minimal payRequest: no identifier, no comment, min == max, extra fields ignored", "[lnurl]") {
  const auto body = body_with("https://shop.test/cb", R"("minSendable":5000,"maxSendable":5000,"allowsNostr":true)",
                              R"("[[\"text/plain\",\"\"],[\"image/png;base64\",\"iVBO\"]]")");
  auto r = lnurl::parse_pay_request(body, "shop.test");
  REQUIRE(r.ok());
  CHECK(r->min_sendable == 5000);
  CHECK(r->max_sendable == 5000);
  CHECK(r->description.empty());
  CHECK_FALSE(r->identifier.has_value());
  CHECK(r->comment_allowed == 0);
}

TEST_CASE("a callback on another host is reported, not hidden", "[lnurl]") {
  auto r = lnurl::parse_pay_request(body_with("https://pay.Other.test:8443/cb?x=1"), "shop.test");
  REQUIRE(r.ok());
  CHECK(r->callback_host == "pay.other.test");
  CHECK_FALSE(r->callback_domain_matches);
  // A subdomain is another host too.
  auto sub = lnurl::parse_pay_request(body_with("https://ln.shop.test/cb"), "shop.test");
  REQUIRE(sub.ok());
  CHECK_FALSE(sub->callback_domain_matches);
  // Case and a trailing dot do not make a difference.
  auto same = lnurl::parse_pay_request(body_with("HTTPS://SHOP.TEST./cb"), "shop.test");
  REQUIRE(same.ok());
  CHECK(same->callback_domain_matches);
}

TEST_CASE("callbacks that are not well-formed https URLs", "[lnurl]") {
  for (const char* cb : {"http://shop.test/cb", "shop.test/cb", "https://", "https:///cb",
                         "https://shop.test@evil.test/cb", "https://shop.test:0/cb",
                         "https://shop.test:99999/cb", "https://sh op.test/cb", "https://shop..test/cb",
                         "https://shop_test/cb", "https://[::1/cb", "ftp://shop.test/"}) {
    INFO(cb);
    CHECK(code_of(body_with(cb)) == errc::lnurl_bad_callback);
  }
  CHECK(code_of(R"({"tag":"payRequest","callback":42,"minSendable":1,"maxSendable":1,"metadata":"[[\"text/plain\",\"x\"]]"})") ==
        errc::lnurl_bad_callback);
  CHECK(code_of(body_with("https://shop.test/" + std::string(lnurl::max_callback_bytes, 'a'))) ==
        errc::lnurl_bad_callback);
  // An IPv6 literal is a host (reported as not the domain).
  auto v6 = lnurl::parse_pay_request(body_with("https://[2001:DB8::1]:443/cb"), "shop.test");
  REQUIRE(v6.ok());
  CHECK(v6->callback_host == "[2001:db8::1]");
}

TEST_CASE("tag must be payRequest", "[lnurl]") {
  CHECK(code_of(body_with("https://shop.test/cb", R"("minSendable":1,"maxSendable":1)",
                          "\"" + metadata_json + "\"", R"("withdrawRequest")")) == errc::lnurl_bad_tag);
  CHECK(code_of(body_with("https://shop.test/cb", R"("minSendable":1,"maxSendable":1)",
                          "\"" + metadata_json + "\"", "null")) == errc::lnurl_bad_tag);
}

TEST_CASE("amounts: integers in millisatoshi with 1 <= min <= max", "[lnurl]") {
  for (const char* amounts :
       {R"("minSendable":0,"maxSendable":1000)", R"("minSendable":2000,"maxSendable":1000)",
        R"("minSendable":-1,"maxSendable":1000)", R"("minSendable":1.5,"maxSendable":1000)",
        R"("minSendable":"1000","maxSendable":1000)", R"("maxSendable":1000)",
        R"("minSendable":1000,"maxSendable":1e6)", R"("minSendable":1000,"maxSendable":null)"}) {
    INFO(amounts);
    CHECK(code_of(body_with("https://shop.test/cb", amounts)) == errc::lnurl_bad_amounts);
  }
  auto big = lnurl::parse_pay_request(
      body_with("https://shop.test/cb", R"("minSendable":1,"maxSendable":18446744073709551615)"), "shop.test");
  REQUIRE(big.ok());
  CHECK(big->max_sendable == 18446744073709551615ull);
  auto body = body_with();
  body.insert(body.size() - 1, R"(,"commentAllowed":-5)");
  CHECK(code_of(body) == errc::lnurl_bad_amounts);
}

TEST_CASE("metadata: a JSON string holding [type, value] pairs with exactly one text/plain", "[lnurl]") {
  const auto amounts = std::string(R"("minSendable":1,"maxSendable":1)");
  for (const std::string& metadata :
       {std::string(R"([["text/plain","x"]])"),              // an array, not a string
        std::string(R"("not json")"), std::string(R"("{}")"), std::string(R"("[]")"),
        std::string(R"("[[\"text/identifier\",\"a@shop.test\"]]")"),        // no text/plain
        std::string(R"("[[\"text/plain\",\"a\"],[\"text/plain\",\"b\"]]")"),  // two
        std::string(R"("[[\"text/plain\"]]")"), std::string(R"("[[\"text/plain\",\"a\",\"b\"]]")"),
        std::string(R"("[[\"text/plain\",5]]")"), std::string(R"("[\"text/plain\"]")"),
        std::string(R"("[[\"text/plain\",\"a\"],[[[[1]]]]]")")}) {  // deeper than any shape read
    INFO(metadata);
    CHECK(code_of(body_with("https://shop.test/cb", amounts, metadata)) == errc::lnurl_bad_metadata);
  }
  CHECK(code_of(R"({"tag":"payRequest","callback":"https://shop.test/cb","minSendable":1,"maxSendable":1})") ==
        errc::lnurl_bad_metadata);
  std::string many = R"("[[\"text/plain\",\"a\"])";
  for (std::size_t i = 0; i < lnurl::max_metadata_entries; ++i) many += R"(,[\"text/x\",\"y\"])";
  many += R"(]")";
  CHECK(code_of(body_with("https://shop.test/cb", amounts, many)) == errc::lnurl_bad_metadata);
  const auto long_text = std::string(lnurl::max_description_bytes + 1, 'd');
  CHECK(code_of(body_with("https://shop.test/cb", amounts, R"("[[\"text/plain\",\")" + long_text + R"(\"]]")")) ==
        errc::lnurl_bad_metadata);
}

TEST_CASE("metadata entries after the type may be any JSON, and one image at most", "[lnurl]") {
  const auto amounts = std::string(R"("minSendable":1,"maxSendable":1)");
  // LUD-06: "any item that follows can be of any JSON type".
  auto future = lnurl::parse_pay_request(
      body_with("https://shop.test/cb", amounts,
                R"("[[\"text/plain\",\"a\"],[\"application/x\",{\"k\":[1,2]},3],[\"text/tag\"],[\"image/png;base64\",\"iVBO\"]]")"),
      "shop.test");
  REQUIRE(future.ok());
  CHECK(future->description == "a");
  CHECK(code_of(body_with("https://shop.test/cb", amounts,
                          R"("[[\"text/plain\",\"a\"],[\"image/png;base64\",\"x\"],[\"image/jpeg;base64\",\"y\"]]")")) ==
        errc::lnurl_bad_metadata);
  CHECK(code_of(body_with("https://shop.test/cb", amounts,
                          R"("[[\"text/plain\",\"a\"],[\"text/identifier\",7]]")")) == errc::lnurl_bad_metadata);
  // A thumbnail of the size LUD-06 allows (136536 characters) fits.
  const std::string image(136536, 'A');
  auto big = lnurl::parse_pay_request(
      body_with("https://shop.test/cb", amounts,
                R"("[[\"text/plain\",\"a\"],[\"image/png;base64\",\")" + image + R"(\"]]")"),
      "shop.test");
  REQUIRE(big.ok());
  CHECK(big->metadata.size() > image.size());
}

TEST_CASE("an onion callback may be http (LUD-01), a clearnet one may not", "[lnurl]") {
  auto onion = lnurl::parse_pay_request(body_with("http://abcdefghijklmnop.onion/cb"), "shop.test");
  REQUIRE(onion.ok());
  CHECK(onion->callback_host == "abcdefghijklmnop.onion");
  CHECK_FALSE(onion->callback_domain_matches);
  CHECK(code_of(body_with("http://shop.test/cb")) == errc::lnurl_bad_callback);
  CHECK(code_of(body_with("http://onion/cb")) == errc::lnurl_bad_callback);
}

TEST_CASE("the LUD-06 error shape is its own code, with a tamed reason", "[lnurl]") {
  auto r = lnurl::parse_pay_request(R"({"status":"ERROR","reason":"no such user\n\u0007bell"})", "shop.test");
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::lnurl_service_error);
  CHECK(r.err().message.find("no such user  bell") != std::string::npos);
  CHECK(r.err().message.find('\n') == std::string::npos);
  auto long_reason = lnurl::parse_pay_request(R"({"status":"ERROR","reason":")" + std::string(5000, 'r') + "\"}",
                                              "shop.test");
  REQUIRE_FALSE(long_reason.ok());
  CHECK(long_reason.err().message.size() < lnurl::max_reason_bytes + 64);
  CHECK(code_of(R"({"status":"ERROR"})") == errc::lnurl_service_error);
  // "OK" is not the error shape: the rest must then be a payRequest.
  CHECK(code_of(R"({"status":"OK"})") == errc::lnurl_bad_tag);
}

TEST_CASE("bodies that are not a JSON object, not UTF-8, or too large", "[lnurl]") {
  CHECK(code_of("") == errc::lnurl_bad_json);
  CHECK(code_of("<html>Not found</html>") == errc::lnurl_bad_json);
  CHECK(code_of("[1,2]") == errc::lnurl_bad_json);
  CHECK(code_of(body_with() + "garbage") == errc::lnurl_bad_json);
  // An overlong '/' (C0 AF) outside any string, and a lone surrogate inside one.
  CHECK(code_of(body_with() + " \xC0\xAF") == errc::lnurl_bad_json);
  CHECK(code_of(R"({"tag":"payRequest","x":")" + std::string("\xED\xA0\x80") + "\"}") == errc::lnurl_bad_json);
  auto big = body_with();
  big.insert(big.size() - 1, R"(,"pad":")" + std::string(lnurl::max_body_bytes, ' ') + "\"");
  CHECK(code_of(big) == errc::lnurl_too_large);
}
