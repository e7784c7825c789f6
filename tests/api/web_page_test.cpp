// The web page's rendering, from hand-built payment views: every shape of a
// view, and hostile text in every place a name, an offer or an error reaches.
#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <regex>
#include <string>
#include <vector>

#include "hrn/api/html.hpp"
#include "hrn/api/padding.hpp"
#include "hrn/api/web_page.hpp"
#include "hrn/util/bytes.hpp"

using namespace hrn;
using namespace hrn::api;

namespace {

constexpr const char* offer =
    "lno1pgx9getnwss8vetrw3hhyuckyypwa3eyt44h6txtxquqh7lz5djge4afgfjn7k4rgrkuag0jsd5xvxg";

payment_view found_view() {
  payment_view v;
  v.name = "alice@example.com";
  v.display = "\xe2\x82\xbf" "alice@example.com";
  v.found = true;
  v.description = "Test vectors";
  v.amount = "100.00 USD";
  v.offer = offer;
  v.uri = std::string("bitcoin:?lno=") + offer;
  flag::node_flag f;
  f.height = 840000;
  f.colours = {flag::rgb{0xca, 0xe0, 0x8c}, flag::rgb{0x26, 0x73, 0xf3}, flag::rgb{0x34, 0x7b, 0x55},
               flag::rgb{0x03, 0x0c, 0xb7}};
  f.names = {"LIME", "BLUE", "GREEN", "NAVY"};
  v.flag.flag = f;
  auto p = f;
  p.height = 839999;
  p.names = {"RED", "PURPLE", "GREEN", "GREEN"};
  v.flag.previous = p;
  return v;
}

std::size_t count(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

bool has(const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; }

// The page's markup as a list of tags with their attribute names, read the
// way an HTML tokenizer would for this page (attribute values are always
// double-quoted). Text that broke out of its place would add or change a tag
// or an attribute here; text that stays text leaves it as it is.
std::vector<std::string> markup(const std::string& page) {
  std::vector<std::string> tags;
  std::size_t i = 0;
  while ((i = page.find('<', i)) != std::string::npos) {
    auto j = i + 1;
    std::string tag = "<";
    while (j < page.size() && page[j] != '>' && page[j] != ' ') tag += page[j++];
    while (j < page.size() && page[j] != '>') {
      if (page[j] == ' ') {
        ++j;
        continue;
      }
      std::string attr;
      while (j < page.size() && page[j] != '=' && page[j] != ' ' && page[j] != '>') attr += page[j++];
      tag += ' ' + attr;
      if (j < page.size() && page[j] == '=') {
        REQUIRE(page[j + 1] == '"');
        j = page.find('"', j + 2) + 1;
      }
    }
    tags.push_back(tag);
    i = j;
    // Raw text elements: their content is not markup (ours is constant).
    for (std::string_view raw : {"<style", "<script"})
      if (tag == raw) i = page.find(std::string("</") + std::string(raw.substr(1)), i);
  }
  return tags;
}

std::string sha256_base64(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return to_base64(byte_view(digest, length));
}

std::string between(const std::string& s, std::string_view open, std::string_view close) {
  const auto a = s.find(open);
  REQUIRE(a != std::string::npos);
  const auto b = s.find(close, a + open.size());
  REQUIRE(b != std::string::npos);
  return s.substr(a + open.size(), b - a - open.size());
}

}  // namespace

TEST_CASE("web: a found name with an amount shows everything a payer checks") {
  const auto page = result_page(found_view());
  CHECK(page.starts_with("<!doctype html>"));
  CHECK(has(page, "<title>Pay \xe2\x82\xbf" "alice@example.com</title>"));
  CHECK(has(page, "<dt>Description</dt><dd><bdi>Test vectors</bdi></dd>"));
  CHECK(has(page, "<dt>Amount</dt><dd><bdi>100.00 USD</bdi></dd>"));
  CHECK(has(page, "<div class=\"pay\" id=\"paytext\">" + std::string(offer) + "</div>"));
  CHECK(has(page, "<button id=\"copy\" type=\"button\" hidden>Copy offer</button>"));
  CHECK(has(page, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\""));
  // The flag: four stripes with their colours, the words, the height, and
  // the block before.
  CHECK(has(page, "fill=\"#cae08c\""));
  CHECK(has(page, "fill=\"#030cb7\""));
  CHECK(has(page, "<span class=\"words\">LIME BLUE GREEN NAVY</span> at block 840000"));
  CHECK(has(page, "The block before, 839999: "));
  CHECK(has(page, "<span class=\"words\">RED PURPLE GREEN GREEN</span>"));
  CHECK_FALSE(has(page, "Payer note"));
  // Relative URLs only: it works on the onion address as on any other.
  CHECK(has(page, "<form action=\"pay\" method=\"get\">"));
  CHECK_FALSE(std::regex_search(page, std::regex(R"((href|src|action)="([a-z]+:|//))")));
  CHECK(page.size() < 30 * 1024);  // the page weight bound, before padding
}

TEST_CASE("web: without an amount the payer is told they choose it; without an offer the URI is shown") {
  auto v = found_view();
  v.amount.reset();
  v.description.reset();
  auto page = result_page(v);
  CHECK(has(page, "<dt>Amount</dt><dd><bdi>not set: you choose it in your wallet</bdi></dd>"));
  CHECK_FALSE(has(page, "Description"));
  v.offer.clear();
  v.uri = "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
  page = result_page(v);
  CHECK(has(page, "<div class=\"pay\" id=\"paytext\">bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq</div>"));
  CHECK(has(page, "Copy URI"));
  CHECK(has(page, "no BOLT 12 offer"));
}

TEST_CASE("web: a short code is shown as the payer note the recipient will see") {
  auto v = found_view();
  v.payer_note = "ab12";
  const auto page = result_page(v);
  CHECK(has(page, "<dt>Payer note</dt><dd><bdi>ab12</bdi></dd>"));
  CHECK(has(page, "the recipient will see it"));
}

TEST_CASE("web: without a flag the page says why instead of showing colours") {
  auto v = found_view();
  v.flag = flag_result{std::nullopt, std::nullopt, "no block source configured (--blocks)"};
  const auto page = result_page(v);
  CHECK(has(page, "No flag to show: no block source configured (--blocks)"));
  CHECK_FALSE(has(page, "class=\"stripes\""));
  CHECK_FALSE(has(page, "at block"));
}

TEST_CASE("web: a name with no payment instructions is a page that says so, with the form") {
  payment_view v;
  v.name = "nobody@example.com";
  v.display = "\xe2\x82\xbf" "nobody@example.com";
  v.found = false;
  const auto page = result_page(v);
  CHECK(has(page, "<h1>No payment address</h1>"));
  CHECK(has(page, "\xe2\x82\xbf" "nobody@example.com</bdi> has no payment instructions"));
  CHECK_FALSE(has(page, "id=\"paytext\""));
  CHECK(has(page, "<input id=\"name\" name=\"name\""));
}

TEST_CASE("web: the form page and an error page refill the field with what was typed") {
  const auto form = form_page();
  CHECK(has(form, "<form action=\"pay\" method=\"get\">"));
  CHECK(has(form, "value=\"\""));
  CHECK_FALSE(has(form, "id=\"paytext\""));
  const auto err = error_page("a@b", make_error("single_label_domain", "the domain needs a dot"));
  CHECK(has(err, "<h1>That is not a payment address</h1>"));
  CHECK(has(err, "<p>the domain needs a dot</p>"));
  CHECK(has(err, "Error code: single_label_domain"));
  CHECK(has(err, "value=\"a@b\""));
  CHECK(has(error_page("", make_error("upstream_timeout", "no answer")), "<h1>The lookup took too long</h1>"));
  CHECK(has(error_page("", make_error("rate_limited", "slow down")), "<h1>Too many lookups</h1>"));
}

TEST_CASE("web: hostile names, descriptions, issuers, notes and errors stay text") {
  const std::string evil =
      "</style></title></script><script>alert(1)</script>\"'><img src=x onerror=alert(1)>"
      "<!-- \xe2\x80\xae" "tas 0001 \xe2\x81\xa6<svg onload=alert(2)>&amp;\x1b\xff";
  const std::string long_text(100000, '<');
  auto benign = found_view();
  benign.payer_note = "ab12";
  benign.issuer = "Bob";
  auto hostile = benign;
  hostile.display = evil;
  hostile.description = evil + long_text;
  hostile.issuer = evil;
  hostile.amount = evil;
  hostile.payer_note = evil;
  hostile.offer = evil;
  hostile.uri = evil;
  const auto page = result_page(hostile);
  const auto reference = result_page(benign);
  // Same tags, same attributes: nothing got out of its text node or value.
  CHECK(markup(page) == markup(reference));
  CHECK(count(page, "<script") == 1);
  CHECK(count(page, "</style>") == 1);
  CHECK_FALSE(has(page, "<img"));
  CHECK_FALSE(has(page, "\xe2\x80\xae"));  // no bidi override reaches the browser
  CHECK_FALSE(has(page, "\xe2\x81\xa6"));
  CHECK(has(page, html::escape(evil)));
  // A hostile "no flag" reason and error message, and a typed name in the
  // field's value attribute.
  hostile.flag = flag_result{std::nullopt, std::nullopt, evil};
  benign.flag = flag_result{std::nullopt, std::nullopt, "none"};
  CHECK(markup(result_page(hostile)) == markup(result_page(benign)));
  const auto err = error_page(evil, make_error(evil, evil));
  CHECK(markup(err) == markup(error_page("x", make_error("bad_character", "x"))));
  CHECK(has(err, "value=\"" + html::escape(evil) + "\""));
  hostile.found = false;
  benign.found = false;
  CHECK(markup(result_page(hostile)) == markup(result_page(benign)));
}

TEST_CASE("web: every page is served with a strict CSP that allows exactly its own style and script") {
  const auto response = page_response(200, result_page(found_view()));
  CHECK(response.content_type == "text/html; charset=utf-8");
  auto header = [&](std::string_view name) {
    for (const auto& [n, v] : response.headers)
      if (n == name) return v;
    return std::string();
  };
  const auto csp = header("Content-Security-Policy");
  CHECK(csp.starts_with("default-src 'none'; "));
  CHECK(has(csp, "form-action 'self'"));
  CHECK(has(csp, "frame-ancestors 'none'"));
  CHECK_FALSE(has(csp, "unsafe"));
  // The hashes are of the bytes the page really carries, or the browser
  // would refuse them.
  const auto style = between(response.body, "<style>", "</style>");
  const auto script = between(response.body, "<script>", "</script>");
  CHECK(has(csp, "style-src 'sha256-" + sha256_base64(style) + "'"));
  CHECK(has(csp, "script-src 'sha256-" + sha256_base64(script) + "'"));
  CHECK(header("X-Content-Type-Options") == "nosniff");
  CHECK(header("Referrer-Policy") == "no-referrer");
  CHECK(header("Cache-Control") == "no-store");
  // The same style and script on every page, so one policy fits them all.
  for (const auto& page : {form_page(), error_page("", make_error("x", "y"))}) {
    CHECK(between(page, "<style>", "</style>") == style);
    CHECK(between(page, "<script>", "</script>") == script);
  }
}
