#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "hrn/blocks/errors.hpp"
#include "hrn/blocks/rpc_wire.hpp"
#include "hrn/util/bytes.hpp"
#include "wire_samples.hpp"

using namespace hrn::blocks;
using blocks_test::hash_hex;
using blocks_test::json_list;

namespace {
std::string reply(std::size_t id, const std::string& result_json) {
  return "{\"result\":" + result_json + ",\"error\":null,\"id\":" + std::to_string(id) + "}";
}
std::string quoted(const std::string& s) { return "\"" + s + "\""; }
}  // namespace

TEST_CASE("rpc requests: JSON-RPC 1.0 batches bitcoind accepts") {
  const auto tip = boost::json::parse(tip_batch_request()).as_array();
  REQUIRE(tip.size() == 2);
  CHECK(tip[0].at("method") == "getblockcount");
  CHECK(tip[1].at("method") == "getbestblockhash");
  CHECK(tip[1].at("id") == 1);
  const auto hashes = boost::json::parse(hashes_batch_request(850000, 6)).as_array();
  REQUIRE(hashes.size() == 6);
  CHECK(hashes[0].at("params").as_array()[0] == 850000);
  CHECK(hashes[5].at("params").as_array()[0] == 849995);
  CHECK(hashes[5].at("id") == 5);
  // Never below the genesis block.
  CHECK(boost::json::parse(hashes_batch_request(2, 6)).as_array().size() == 3);
}

TEST_CASE("rpc replies: the tip and the hashes, answered in any order") {
  auto tip = parse_tip_batch(json_list({reply(1, quoted(hash_hex(850000))), reply(0, "850000")}));
  REQUIRE(tip.ok());
  CHECK(tip->height == 850000);
  CHECK(hrn::to_hex(tip->hash) == hash_hex(850000));

  // Ids 2, 1, 0: the hashes of heights 8, 9, 10.
  const auto body = json_list({reply(2, quoted(hash_hex(8))), reply(1, quoted(hash_hex(9))), reply(0, quoted(hash_hex(10)))});
  auto hashes = parse_hashes_batch(body, 10, 3);
  REQUIRE(hashes.ok());
  REQUIRE(hashes->size() == 3);
  CHECK((*hashes)[0].height == 10);
  CHECK(hrn::to_hex((*hashes)[2].hash) == hash_hex(8));
}

TEST_CASE("rpc replies: hostile and broken answers") {
  const auto good_hash = quoted(hash_hex(5));
  const auto tip_code = [](const std::string& body) {
    auto r = parse_tip_batch(body);
    REQUIRE_FALSE(r.ok());
    CHECK_FALSE(r.err().message.empty());
    return r.err().code;
  };
  CHECK(tip_code("") == errc::bad_reply);
  CHECK(tip_code("{\"result\":5,\"error\":null,\"id\":0}") == errc::bad_reply);   // not a batch
  CHECK(tip_code(json_list({reply(0, "5")})) == errc::bad_reply);                   // one call missing
  CHECK(tip_code(json_list({reply(0, "5"), reply(0, good_hash)})) == errc::bad_reply);  // id twice
  CHECK(tip_code(json_list({reply(0, "5"), reply(7, good_hash)})) == errc::bad_reply);  // unknown id
  CHECK(tip_code(json_list({reply(0, "5"), "{\"error\":null,\"id\":1}"})) == errc::bad_reply);   // no result
  CHECK(tip_code(json_list({reply(0, "-1"), reply(1, good_hash)})) == errc::bad_height);
  CHECK(tip_code(json_list({reply(0, "4294967296"), reply(1, good_hash)})) == errc::bad_height);
  CHECK(tip_code(json_list({reply(0, "5.5"), reply(1, good_hash)})) == errc::bad_reply);
  CHECK(tip_code(json_list({reply(0, "\"5\""), reply(1, good_hash)})) == errc::bad_reply);
  CHECK(tip_code(json_list({reply(0, "5"), reply(1, quoted(hash_hex(5).substr(2)))})) == errc::bad_block_hash);
  CHECK(tip_code(json_list({reply(0, "5"), reply(1, quoted(hash_hex(5) + "00"))})) == errc::bad_block_hash);
  CHECK(tip_code(json_list({reply(0, "5"), reply(1, quoted(std::string(64, 'z')))})) == errc::bad_block_hash);
  CHECK(tip_code(json_list({reply(0, "5"), reply(1, "12")})) == errc::bad_reply);
  // bitcoind's own error: its code and message, cleaned of control characters.
  const auto refused = parse_tip_batch(json_list(
      {reply(0, "5"), "{\"result\":null,\"error\":{\"code\":-28,\"message\":\"Loading block index\\u0007\\n\"},\"id\":1}"}));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.err().code == errc::rpc_error);
  CHECK(refused.err().message.find("-28") != std::string::npos);
  CHECK(refused.err().message.find("Loading block index??") != std::string::npos);
  std::string big = json_list({reply(0, "5"), reply(1, good_hash)});
  big.insert(1, std::string(max_reply_bytes, ' '));
  CHECK(tip_code(big) == errc::reply_too_large);

  // Hashes: count must match what was asked, and never below genesis.
  CHECK(parse_hashes_batch(json_list({reply(0, good_hash)}), 5, 2).err().code == errc::bad_reply);
  CHECK(parse_hashes_batch(json_list({reply(0, good_hash), reply(1, good_hash)}), 0, 2).err().code ==
        errc::bad_reply);
  CHECK(parse_hashes_batch(json_list({reply(0, "null")}), 5, 1).err().code == errc::bad_reply);
}

TEST_CASE("rpc credentials: cookie and password files") {
  auto cookie = parse_rpc_cookie("__cookie__:" + hash_hex(1) + "\n");
  REQUIRE(cookie.ok());
  CHECK(cookie->user == "__cookie__");
  CHECK(cookie->password == hash_hex(1));
  // RFC 7617: base64 of user:password.
  CHECK(basic_authorization({"Aladdin", "open sesame"}) == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  // A password may hold ':' (only the first one separates).
  CHECK(parse_rpc_cookie("u:a:b")->password == "a:b");
  for (const char* bad : {"", "\n", "nocolon", ":pw", "user:", "user:pw\nmore", "us\ter:pw"}) {
    INFO(bad);
    auto r = parse_rpc_cookie(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.err().code == errc::bad_rpc_credentials);
  }
  CHECK(parse_rpc_cookie("u:" + std::string(2000, 'p')).err().code == errc::bad_rpc_credentials);
  // The message never quotes the secret.
  CHECK(parse_rpc_cookie("secretvalue").err().message.find("secret") == std::string::npos);

  CHECK(*parse_password_file("hunter2\n") == "hunter2");
  CHECK(*parse_password_file("hunter2\r\nignored\n") == "hunter2");
  CHECK(parse_password_file("\nhunter2").err().code == errc::bad_rpc_credentials);
  CHECK(parse_password_file("").err().code == errc::bad_rpc_credentials);
}
