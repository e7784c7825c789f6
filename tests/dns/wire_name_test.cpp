#include <catch2/catch.hpp>

#include "hrn/dns/name.hpp"

using hrn::bytes;
using hrn::dns::name;

namespace {
name N(const char* t) { return name::from_text(t).value(); }
}  // namespace

TEST_CASE("name: text round trip, folding and escapes") {
  CHECK(N("Example.COM").to_text() == "example.com.");
  CHECK(N("example.com.").to_text() == "example.com.");
  CHECK(N(".").is_root());
  CHECK(N(".").to_text() == ".");
  CHECK(N("a\\.b.c").label_count() == 2);
  CHECK(N("a\\.b.c").to_text() == "a\\.b.c.");
  CHECK(N("\\000x.c").to_text() == "\\000x.c.");
  CHECK(N("*.example").is_wildcard());
  CHECK(N("*.example").rrsig_label_count() == 1);
  CHECK(N("a.example").rrsig_label_count() == 2);
  for (const char* bad : {"", "a..b", ".a", "a\\", "a\\25", "a\\256.b"})
    CHECK_FALSE(name::from_text(bad).ok());
  CHECK(name::from_text(std::string(63, 'a')).ok());
  CHECK_FALSE(name::from_text(std::string(64, 'a')).ok());
  // 255 octets on the wire at most: 4 labels of 63 = 4*64+1 = 257 > 255.
  std::string l63(63, 'a');
  CHECK_FALSE(name::from_text(l63 + "." + l63 + "." + l63 + "." + l63).ok());
  CHECK(name::from_text(l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b')).ok());
}

TEST_CASE("name: relations") {
  CHECK(N("a.b.example").is_subdomain_of(N("example")));
  CHECK(N("example").is_subdomain_of(N("example")));
  CHECK(N("example").is_subdomain_of(N(".")));
  CHECK_FALSE(N("xexample").is_subdomain_of(N("example")));
  CHECK_FALSE(N("example").is_subdomain_of(N("a.example")));
  CHECK(N("a.b.example").parent() == N("b.example"));
  CHECK(N("a.b.example").suffix(1) == N("example"));
  CHECK(N("a.b.example").suffix(0) == N("."));
  CHECK(common_ancestor(N("a.b.example"), N("c.b.example")) == N("b.example"));
  CHECK(common_ancestor(N("a.example"), N("org")) == N("."));
  CHECK(N("a.b.example").replace_suffix(N("b.example"), N("c.org")).value() == N("a.c.org"));
  CHECK(N("example").prepend("*").value() == N("*.example"));
}

TEST_CASE("name: RFC 4034 §6.1 canonical order") {
  // The example list of RFC 4034 §6.1, in order.
  const char* ordered[] = {"example", "a.example", "yljkjljk.a.example", "Z.a.example",
                           "zABC.a.EXAMPLE", "z.example", "\\001.z.example", "*.z.example",
                           "\\200.z.example"};
  for (std::size_t i = 0; i + 1 < std::size(ordered); ++i) {
    INFO(ordered[i] << " < " << ordered[i + 1]);
    CHECK(canonical_compare(N(ordered[i]), N(ordered[i + 1])) < 0);
    CHECK(canonical_compare(N(ordered[i + 1]), N(ordered[i])) > 0);
  }
  CHECK(canonical_compare(N("A.example"), N("a.EXAMPLE")) == 0);
}

TEST_CASE("name: wire parsing without compression") {
  bytes w = {1, 'A', 3, 'c', 'o', 'm', 0, 0xff};
  std::size_t used = 0;
  auto n = name::from_wire(w, used);
  REQUIRE(n.ok());
  CHECK(used == 7);
  CHECK(n->to_text() == "a.com.");
  bytes ptr = {1, 'a', 0xC0, 0x00};
  CHECK_FALSE(name::from_wire(ptr, used).ok());
  bytes truncated = {3, 'c', 'o'};
  CHECK_FALSE(name::from_wire(truncated, used).ok());
  bytes no_root = {1, 'a'};
  CHECK_FALSE(name::from_wire(no_root, used).ok());
  bytes ext = {0x41, 0};
  CHECK_FALSE(name::from_wire(ext, used).ok());
}

TEST_CASE("name: compression pointers in a message") {
  bytes msg(12, 0);  // header
  // offset 12: "example.com."
  bytes ex = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};
  msg.insert(msg.end(), ex.begin(), ex.end());
  // offset 25: "www" + pointer to 12
  bytes www = {3, 'w', 'w', 'w', 0xC0, 12};
  msg.insert(msg.end(), www.begin(), www.end());
  std::size_t off = 25;
  auto n = name::from_message(msg, off);
  REQUIRE(n.ok());
  CHECK(n->to_text() == "www.example.com.");
  CHECK(off == 31);

  SECTION("pointer to itself (loop)") {
    bytes m(12, 0);
    m.push_back(0xC0);
    m.push_back(12);
    std::size_t o = 12;
    CHECK_FALSE(name::from_message(m, o).ok());
  }
  SECTION("forward pointer") {
    bytes m(12, 0);
    bytes tail = {0xC0, 14, 1, 'a', 0};
    m.insert(m.end(), tail.begin(), tail.end());
    std::size_t o = 12;
    CHECK_FALSE(name::from_message(m, o).ok());
  }
  SECTION("two-pointer loop through a label") {
    bytes m(12, 0);
    bytes tail = {1, 'a', 0xC0, 12};  // a -> pointer back to "a" again
    m.insert(m.end(), tail.begin(), tail.end());
    std::size_t o = 12;
    CHECK_FALSE(name::from_message(m, o).ok());
  }
  SECTION("pointer into the header") {
    bytes m(12, 0);
    m.push_back(0xC0);
    m.push_back(2);
    std::size_t o = 12;
    CHECK_FALSE(name::from_message(m, o).ok());
  }
  SECTION("expanded name longer than 255 octets") {
    bytes m(12, 0);
    std::size_t prev = 0;
    // Chain of 63-octet labels each pointing back to the previous one.
    for (int i = 0; i < 5; ++i) {
      std::size_t here = m.size();
      m.push_back(63);
      m.insert(m.end(), 63, 'x');
      if (i == 0) {
        m.push_back(0);
      } else {
        m.push_back(static_cast<std::uint8_t>(0xC0 | (prev >> 8)));
        m.push_back(static_cast<std::uint8_t>(prev & 0xFF));
      }
      prev = here;
    }
    std::size_t o = prev;
    CHECK_FALSE(name::from_message(m, o).ok());
  }
}
