#include <catch2/catch.hpp>

#include <cctype>

#include "hrn/blocks/errors.hpp"
#include "hrn/blocks/esplora_wire.hpp"
#include "hrn/util/bytes.hpp"
#include "wire_samples.hpp"

using namespace hrn::blocks;
using blocks_test::esplora_block;
using blocks_test::esplora_blocks;
using blocks_test::hash_hex;
using blocks_test::json_list;

namespace {
std::string code_of(std::string_view body, std::size_t keep = hashes_kept) {
  auto r = parse_esplora_blocks(body, keep);
  REQUIRE_FALSE(r.ok());
  CHECK_FALSE(r.err().message.empty());
  return r.err().code;
}
}  // namespace

TEST_CASE("esplora /blocks: the newest blocks, newest first, hashes in display order") {
  auto r = parse_esplora_blocks(esplora_blocks(850000, 10), hashes_kept);
  REQUIRE(r.ok());
  REQUIRE(r->size() == hashes_kept);
  for (std::size_t i = 0; i < r->size(); ++i) {
    CHECK((*r)[i].height == 850000 - i);
    CHECK(hrn::to_hex((*r)[i].hash) == hash_hex(850000 - static_cast<std::uint32_t>(i)));
  }
  // Fewer blocks than kept (a young regtest chain) is fine.
  auto young = parse_esplora_blocks(esplora_blocks(2, 3), hashes_kept);
  REQUIRE(young.ok());
  CHECK(young->size() == 3);
  // The genesis block has a null previousblockhash.
  const std::string genesis = "[{\"id\":\"" + hash_hex(0) + "\",\"height\":0,\"previousblockhash\":null}]";
  REQUIRE(parse_esplora_blocks(genesis, hashes_kept).ok());
  // Upper-case hex is the same hash.
  std::string upper = hash_hex(7);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string one = "[{\"id\":\"" + upper + "\",\"height\":7}]";
  auto u = parse_esplora_blocks(one, hashes_kept);
  REQUIRE(u.ok());
  CHECK(hrn::to_hex(u->front().hash) == hash_hex(7));
}

TEST_CASE("esplora /blocks: hashes of the wrong length or with non-hex digits") {
  const auto prev = hash_hex(99);
  CHECK(code_of(json_list({esplora_block(100, hash_hex(100).substr(1), prev)})) == errc::bad_block_hash);
  CHECK(code_of(json_list({esplora_block(100, hash_hex(100) + "0", prev)})) == errc::bad_block_hash);
  CHECK(code_of(json_list({esplora_block(100, "", prev)})) == errc::bad_block_hash);
  auto bad = hash_hex(100);
  bad[10] = 'g';
  CHECK(code_of(json_list({esplora_block(100, bad, prev)})) == errc::bad_block_hash);
  bad[10] = ' ';
  CHECK(code_of(json_list({esplora_block(100, bad, prev)})) == errc::bad_block_hash);
  CHECK(code_of(json_list({esplora_block(100, hash_hex(100), "00")})) == errc::bad_block_hash);
  CHECK(code_of("[{\"id\":12,\"height\":1}]") == errc::bad_reply);
}

TEST_CASE("esplora /blocks: negative, huge and non-integer heights") {
  const auto id = hash_hex(5);
  for (const char* height : {"-1", "10000001", "4294967296", "18446744073709551615", "99999999999999999999999"}) {
    INFO(height);
    const auto body = "[{\"id\":\"" + id + "\",\"height\":" + height + "}]";
    const auto code = code_of(body);
    CHECK((code == errc::bad_height || code == errc::bad_reply));
  }
  CHECK(code_of("[{\"id\":\"" + id + "\",\"height\":-1}]") == errc::bad_height);
  CHECK(code_of("[{\"id\":\"" + id + "\",\"height\":10000001}]") == errc::bad_height);
  for (const char* height : {"1.5", "1e3", "\"850000\"", "null", "true", "[1]"}) {
    INFO(height);
    CHECK(code_of("[{\"id\":\"" + id + "\",\"height\":" + height + "}]") == errc::bad_reply);
  }
  CHECK(code_of("[{\"id\":\"" + id + "\"}]") == errc::bad_reply);
  REQUIRE(parse_esplora_blocks("[{\"id\":\"" + id + "\",\"height\":10000000}]", 1).ok());
}

TEST_CASE("esplora /blocks: inconsistent chains are refused") {
  // A gap in the heights.
  CHECK(code_of(json_list({esplora_block(100, hash_hex(100), hash_hex(99)),
                esplora_block(98, hash_hex(98), hash_hex(97))})) == errc::inconsistent_chain);
  // Heights going up.
  CHECK(code_of(json_list({esplora_block(100, hash_hex(100), hash_hex(99)),
                esplora_block(101, hash_hex(101), hash_hex(100))})) == errc::inconsistent_chain);
  // A repeated height.
  CHECK(code_of(json_list({esplora_block(100, hash_hex(100), hash_hex(99)),
                esplora_block(100, hash_hex(100), hash_hex(99))})) == errc::inconsistent_chain);
  // Tip's previousblockhash is not the listed block below.
  CHECK(code_of(json_list({esplora_block(100, hash_hex(100), hash_hex(42)),
                esplora_block(99, hash_hex(99), hash_hex(98))})) == errc::inconsistent_chain);
  // The break is just past the kept blocks: still checked (one more is read).
  auto body = esplora_blocks(500, 6);
  body.back() = ',';
  body += esplora_block(494, hash_hex(1), hash_hex(493)) + "]";
  CHECK(code_of(body) == errc::inconsistent_chain);
  // ...but not further down, where nothing kept depends on it.
  body = esplora_blocks(500, 7);
  body.back() = ',';
  body += esplora_block(100, hash_hex(100), hash_hex(99)) + "]";
  CHECK(parse_esplora_blocks(body, hashes_kept).ok());
}

TEST_CASE("esplora /blocks: not JSON, wrong shapes, oversized bodies") {
  for (const char* body : {"", "[", "not json", "{}", "[]", "null", "850000", "[1,2]", "[[]]", "\"x\"",
                           "[{\"id\":\"ab\"}] trailing"}) {
    INFO(body);
    CHECK(code_of(body) == errc::bad_reply);
  }
  // Deep nesting is cut by the depth limit, not the stack.
  std::string deep(10000, '[');
  CHECK(code_of(deep) == errc::bad_reply);
  // A body over the cap is refused before it is parsed.
  std::string big = esplora_blocks(850000, 10);
  big.insert(1, std::string(max_reply_bytes, ' '));
  CHECK(code_of(big) == errc::reply_too_large);
  CHECK(code_of(esplora_blocks(850000, 10), 0) == errc::bad_reply);
}

TEST_CASE("make_tip: heights go down by one, at most `keep` hashes") {
  std::vector<block_ref> run;
  for (std::uint32_t i = 0; i < 8; ++i) run.push_back({1000 - i, {static_cast<std::uint8_t>(i)}});
  auto tip = make_tip(run, hashes_kept, 1754560000);
  REQUIRE(tip.ok());
  CHECK(tip->height == 1000);
  CHECK(tip->observed_at == 1754560000);
  REQUIRE(tip->hashes.size() == hashes_kept);
  CHECK(hrn::flag::hash_at(*tip, 998) == run[2].hash);
  run[3].height = 5;
  CHECK(make_tip(run, hashes_kept, 0).err().code == errc::inconsistent_chain);
  CHECK(make_tip({}, hashes_kept, 0).err().code == errc::bad_reply);
  // Below height 0 there is nothing: a run claiming more is inconsistent.
  CHECK(make_tip({{0, {}}, {0, {}}}, hashes_kept, 0).err().code == errc::inconsistent_chain);
}
