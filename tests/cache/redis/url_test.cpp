// --redis URLs: the forms the operator may write, and a clear message for
// each mistake (never echoing a password).
#include <catch2/catch.hpp>

#include "hrn/cache/redis/errors.hpp"
#include "hrn/cache/redis/url.hpp"

using namespace hrn::cache::redis;

namespace {

url must_parse(std::string_view text) {
  auto u = parse_url(text);
  INFO(text << ": " << (u ? "" : u.err().message));
  REQUIRE(u);
  return *u;
}

std::string must_fail(std::string_view text) {
  auto u = parse_url(text);
  INFO(text);
  REQUIRE_FALSE(u);
  CHECK(u.err().code == errc::bad_redis_url);
  return u.err().message;
}

}  // namespace

TEST_CASE("redis URL: the accepted forms", "[redis][url]") {
  auto u = must_parse("redis://cache.internal");
  CHECK(u.kind == url::transport::tcp);
  CHECK(u.host == "cache.internal");
  CHECK(u.port == 6379);
  CHECK(u.db == 0);
  CHECK(u.user.empty());

  u = must_parse("redis://10.0.0.5:6380/3");
  CHECK((u.host == "10.0.0.5" && u.port == 6380 && u.db == 3));
  u = must_parse("redis://127.0.0.1/");
  CHECK(u.db == 0);
  u = must_parse("rediss://alice@redis.example.org:6390/15");
  CHECK((u.kind == url::transport::tls && u.user == "alice" && u.host == "redis.example.org"));
  CHECK((u.port == 6390 && u.db == 15));
  u = must_parse("redis://[::1]:7000/2");
  CHECK((u.host == "::1" && u.port == 7000 && u.db == 2));
  u = must_parse("redis://[fe80::1]");
  CHECK((u.host == "fe80::1" && u.port == 6379));
  u = must_parse("redis://h/2147483647");
  CHECK(u.db == 2147483647u);
  u = must_parse("redis://h:65535");
  CHECK(u.port == 65535);

  u = must_parse("unix:///run/redis/redis.sock");
  CHECK((u.kind == url::transport::unix_socket && u.path == "/run/redis/redis.sock" && u.db == 0));
  u = must_parse("unix:///tmp/r.sock?db=4");
  CHECK((u.path == "/tmp/r.sock" && u.db == 4));
  u = must_parse("unix://bob@/tmp/r.sock");
  CHECK((u.user == "bob" && u.path == "/tmp/r.sock"));
}

TEST_CASE("redis URL: to_string gives back an equal URL", "[redis][url]") {
  for (std::string_view text : {"redis://cache.internal", "redis://10.0.0.5:6380/3", "rediss://alice@h:1/15",
                                "redis://[::1]:7000/2", "unix:///tmp/r.sock?db=4", "unix://bob@/tmp/r.sock"}) {
    const auto u = must_parse(text);
    INFO(text << " -> " << u.to_string());
    CHECK(must_parse(u.to_string()) == u);
  }
  CHECK(must_parse("redis://h").to_string() == "redis://h:6379");
  CHECK(must_parse("redis://[::1]:7000/2").to_string() == "redis://[::1]:7000/2");
}

TEST_CASE("redis URL: a password is refused without echoing it", "[redis][url]") {
  for (std::string_view text : {"redis://alice:s3cret@h", "redis://:s3cret@h/1", "rediss://a:s3cret@h",
                                "unix://a:s3cret@/tmp/r.sock"}) {
    const auto message = must_fail(text);
    CHECK_THAT(message, Catch::Contains("--redis-password-file"));
    CHECK_THAT(message, !Catch::Contains("s3cret"));
  }
}

TEST_CASE("redis URL: each mistake has its own message", "[redis][url]") {
  struct bad_case {
    std::string_view text;
    std::string_view says;
  };
  const bad_case cases[] = {
      {"", "unknown scheme"},
      {"http://h", "unknown scheme"},
      {"REDIS://h", "unknown scheme"},
      {"redis://", "no host"},
      {"redis://:6379", "no host"},
      {"redis:///1", "no host"},
      {"redis://h:0", "port must be a number from 1 to 65535"},
      {"redis://h:65536", "port must be a number from 1 to 65535"},
      {"redis://h:", "port must be a number from 1 to 65535"},
      {"redis://h:+1", "port must be a number from 1 to 65535"},
      {"redis://h:http", "port must be a number from 1 to 65535"},
      {"redis://h/x", "database after '/' must be a number"},
      {"redis://h/-1", "database after '/' must be a number"},
      {"redis://h/2147483648", "database after '/' must be a number"},
      {"redis://h/1/2", "database after '/' must be a number"},
      {"redis://h?db=1", "query strings"},
      {"redis://::1", "must be in brackets"},
      {"redis://[::1", "unclosed '['"},
      {"redis://[::1]x", "only ':PORT' may follow ']'"},
      {"redis://[1.2.3.4]", "is not an IPv6 address"},
      {"redis://[]", "is not an IPv6 address"},
      {"redis://h st", "character other than"},
      {"redis://@h", "empty user name"},
      {"redis://a b@h", "user name has a space"},
      {"unix://", "socket path must be absolute"},
      {"unix://tmp/r.sock", "has no host (three slashes"},
      {"unix://host/tmp/r.sock", "has no host"},
      {"unix:///", "no socket path"},
      {"unix:///tmp/r.sock?db=x", "db= must be a number"},
      {"unix:///tmp/r.sock?db=", "db= must be a number"},
      {"unix:///tmp/r.sock?timeout=1", "only query parameter allowed is db=N"},
  };
  for (const auto& c : cases) {
    const auto message = must_fail(c.text);
    INFO(c.text << ": " << message);
    CHECK_THAT(message, Catch::Contains(std::string(c.says)));
    CHECK_THAT(message, Catch::Contains("expected redis://HOST"));
  }
}
