// The RESP reader: every RESP2 type, replies cut anywhere, garbage, and
// headers that announce more than the limits (refused on the header, before
// anything is allocated for them).
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include "hrn/cache/redis/errors.hpp"
#include "hrn/cache/redis/reply.hpp"

using namespace hrn::cache::redis;
using hrn::as_bytes;
using namespace std::string_view_literals;

namespace {

// All replies in `wire`, fed in one go or byte by byte.
std::vector<reply> read_all(std::string_view wire, std::size_t chunk, reader_limits limits = {}) {
  reply_reader reader(limits);
  std::vector<reply> out;
  for (std::size_t at = 0; at < wire.size(); at += chunk) {
    auto fed = reader.feed(as_bytes(wire.substr(at, chunk)));
    REQUIRE(fed);
    for (;;) {
      auto next = reader.next();
      REQUIRE(next);
      if (!*next) break;
      out.push_back(std::move(**next));
    }
  }
  return out;
}

// The error the reader gives for `wire`, fed whole.
std::string protocol_error(std::string_view wire, reader_limits limits = {}) {
  reply_reader reader(limits);
  auto fed = reader.feed(as_bytes(wire));
  while (fed) {
    auto next = reader.next();
    if (!next) {
      CHECK(next.err().code == errc::redis_protocol_error);
      return next.err().message;
    }
    if (!*next) return "";  // no error: more bytes wanted
  }
  CHECK(fed.err().code == errc::redis_protocol_error);
  // Unusable from then on.
  CHECK_FALSE(reader.feed(as_bytes("+OK\r\n")));
  CHECK_FALSE(reader.next());
  return fed.err().message;
}

constexpr std::string_view every_type =
    "+OK\r\n"
    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
    ":-42\r\n"
    "$5\r\nhe\r\no\r\n"
    "$0\r\n\r\n"
    "$-1\r\n"
    "*-1\r\n"
    "*0\r\n"
    "*3\r\n:1\r\n*2\r\n$1\r\na\r\n*1\r\n+x\r\n$-1\r\n"
    "$3\r\n\0\xff\n\r\n"
    "+with\ra lone CR\r\n"sv;

void check_every_type(const std::vector<reply>& r) {
  REQUIRE(r.size() == 11);
  CHECK((r[0].type == reply::kind::status && r[0].text == "OK"));
  CHECK((r[1].is_error() && r[1].text.starts_with("WRONGTYPE ")));
  CHECK((r[2].type == reply::kind::integer && r[2].integer == -42));
  CHECK((r[3].type == reply::kind::string && r[3].text == "he\r\no"));
  CHECK((r[4].type == reply::kind::string && r[4].text.empty()));
  CHECK(r[5].is_nil());
  CHECK(r[6].is_nil());
  CHECK((r[7].type == reply::kind::array && r[7].elements.empty()));
  REQUIRE((r[8].type == reply::kind::array && r[8].elements.size() == 3));
  CHECK(r[8].elements[0].integer == 1);
  REQUIRE(r[8].elements[1].elements.size() == 2);
  CHECK(r[8].elements[1].elements[0].text == "a");
  CHECK(r[8].elements[1].elements[1].elements.at(0).text == "x");
  CHECK(r[8].elements[2].is_nil());
  CHECK(r[9].text == std::string("\0\xff\n", 3));
  CHECK(r[10].text == "with\ra lone CR");
}

}  // namespace

TEST_CASE("redis reply: every RESP2 type, nested arrays", "[redis][reply]") {
  const std::string wire(every_type.data(), every_type.size());
  check_every_type(read_all(wire, wire.size()));
}

TEST_CASE("redis reply: split across feeds at every byte", "[redis][reply]") {
  const std::string wire(every_type.data(), every_type.size());
  for (std::size_t chunk = 1; chunk <= 7; ++chunk) {
    INFO("chunk " << chunk);
    check_every_type(read_all(wire, chunk));
  }
  // And every single cut point in two pieces.
  for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
    reply_reader reader;
    std::vector<reply> out;
    for (auto piece : {std::string_view(wire).substr(0, cut), std::string_view(wire).substr(cut)}) {
      REQUIRE(reader.feed(as_bytes(piece)));
      while (true) {
        auto next = reader.next();
        REQUIRE(next);
        if (!*next) break;
        out.push_back(std::move(**next));
      }
    }
    INFO("cut " << cut);
    check_every_type(out);
  }
}

TEST_CASE("redis reply: nesting up to the depth hiredis reads", "[redis][reply]") {
  std::string seven, eight;
  for (int i = 0; i < 7; ++i) seven += "*1\r\n";
  seven += ":7\r\n";
  auto r = read_all(seven, seven.size());
  REQUIRE(r.size() == 1);
  const reply* at = &r[0];
  for (int i = 0; i < 7; ++i) at = &at->elements.at(0);
  CHECK(at->integer == 7);
  eight = "*1\r\n" + seven;
  CHECK_THAT(protocol_error(eight), Catch::Contains("nested deeper than 7"));
}

TEST_CASE("redis reply: garbage is a protocol error", "[redis][reply]") {
  CHECK_THAT(protocol_error("HTTP/1.1 400 Bad Request\r\n"), Catch::Contains("not a RESP type"));
  CHECK_THAT(protocol_error("+OK\r\n!oops\r\n"), Catch::Contains("not a RESP type"));
  CHECK_THAT(protocol_error(":12a\r\n"), Catch::Contains("not a decimal number"));
  CHECK_THAT(protocol_error(":\r\n"), Catch::Contains("not a decimal number"));
  CHECK_THAT(protocol_error(":+1\r\n"), Catch::Contains("not a decimal number"));
  CHECK_THAT(protocol_error(":99999999999999999999\r\n"), Catch::Contains("not a decimal number"));
  CHECK_THAT(protocol_error(":1\rx"), Catch::Contains("CR without LF"));
  CHECK_THAT(protocol_error("$-2\r\n"), Catch::Contains("negative length"));
  CHECK_THAT(protocol_error("*-5\r\n"), Catch::Contains("negative length"));
  CHECK_THAT(protocol_error("$2\r\nabc\r\n"), Catch::Contains("longer than its length"));
  CHECK_THAT(protocol_error("$2\r\nab\rX"), Catch::Contains("CR without LF"));
  CHECK_THAT(protocol_error("$18446744073709551610\r\n"), Catch::Contains("not a decimal number"));
  CHECK_THAT(protocol_error("$100000000000000000000\r\n"), Catch::Contains("longer than 20"));
  CHECK_THAT(protocol_error("$9223372036854775807\r\n"), Catch::Contains("bulk string of"));
  // Incomplete is not an error: more bytes may come.
  CHECK(protocol_error("*2\r\n$3\r\nab").empty());
}

TEST_CASE("redis reply: oversize headers refused before any allocation", "[redis][reply]") {
  // Without the guard, hiredis 0.14 would calloc 16 GB for this header
  // alone. Bound the address space well below that, so a large allocation
  // would fail (and the test with it) instead of going unnoticed.
  rlimit before{};
  REQUIRE(getrlimit(RLIMIT_AS, &before) == 0);
  rlimit bounded = before;
  bounded.rlim_cur = std::min<rlim_t>(before.rlim_cur, rlim_t(4) << 30);
  REQUIRE(setrlimit(RLIMIT_AS, &bounded) == 0);
  const auto array = protocol_error("*2000000000\r\n");
  const auto bulk = protocol_error("$999999999\r\n");
  const auto total = protocol_error("*2\r\n*600000\r\n*600000\r\n");
  const auto line = protocol_error("+" + std::string(2000, 'x'), reader_limits{.max_bulk = 1000});
  std::string many = "*1000\r\n";
  for (int i = 0; i < 50; ++i) many += ":1\r\n";
  const auto buffered = protocol_error(many, reader_limits{.max_buffered = 100});
  REQUIRE(setrlimit(RLIMIT_AS, &before) == 0);
  CHECK_THAT(array, Catch::Contains("an array of 2000000000 elements"));
  CHECK_THAT(bulk, Catch::Contains("a bulk string of 999999999 bytes"));
  CHECK_THAT(total, Catch::Contains("per reply"));
  CHECK_THAT(line, Catch::Contains("longer than the bulk limit"));
  CHECK_THAT(buffered, Catch::Contains("larger than 100 bytes"));

  // Up to the limits is fine.
  const reader_limits small{.max_bulk = 4, .max_elements = 3, .max_buffered = 64};
  auto r = read_all("*3\r\n$4\r\nabcd\r\n*0\r\n:1\r\n*3\r\n:1\r\n:2\r\n:3\r\n", 64, small);
  REQUIRE(r.size() == 2);
  CHECK(r[0].elements.at(0).text == "abcd");
  CHECK(protocol_error("$5\r\n", small).find("bulk string of 5") != std::string::npos);
  CHECK(protocol_error("*2\r\n*2\r\n", small).find("per reply") != std::string::npos);
}

TEST_CASE("redis reply: format_command writes RESP arrays of bulk strings", "[redis][reply]") {
  const auto wire = format_command({"SET", "k", std::string("a\0b\r\n", 5)});
  CHECK(std::string(wire.begin(), wire.end()) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na\0b\r\n\r\n"sv);
  const auto empty_arg = format_command({"GET", ""});
  CHECK(std::string(empty_arg.begin(), empty_arg.end()) == "*2\r\n$3\r\nGET\r\n$0\r\n\r\n");
}
