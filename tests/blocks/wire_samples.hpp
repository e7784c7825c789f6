#pragma once
// Replies as an Esplora server and bitcoind write them, built from heights
// so each test says only what it changes.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace blocks_test {

// A made-up but well-formed hash for `height`: 64 hex digits.
inline std::string hash_hex(std::uint32_t height) {
  char text[65];
  for (int i = 0; i < 64; ++i) text[i] = "0123456789abcdef"[(height * 7 + static_cast<unsigned>(i) * 13) % 16];
  text[64] = 0;
  return text;
}

// One block object of GET /blocks, with the fields Esplora sends.
inline std::string esplora_block(std::uint32_t height, const std::string& id, const std::string& previous) {
  return "{\"id\":\"" + id + "\",\"height\":" + std::to_string(height) +
         ",\"version\":536870912,\"timestamp\":1754560000,\"tx_count\":3000,\"size\":1500000,"
         "\"weight\":3990000,\"merkle_root\":\"" + hash_hex(height + 1000) + "\",\"previousblockhash\":\"" +
         previous + "\",\"mediantime\":1754559000,\"nonce\":1,\"bits\":386000000,\"difficulty\":1}";
}

// `count` linked blocks from `tip` down, newest first.
inline std::string esplora_blocks(std::uint32_t tip, std::uint32_t count) {
  std::string out = "[";
  for (std::uint32_t i = 0; i < count; ++i) {
    if (i) out += ",";
    out += esplora_block(tip - i, hash_hex(tip - i), hash_hex(tip - i - 1));
  }
  return out + "]";
}

// "[a,b,…]". (Appended piece by piece: g++ 12 warns falsely with -Wrestrict
// on "[" + std::string.)
inline std::string json_list(std::initializer_list<std::string> items) {
  std::string out(1, '[');
  for (const auto& item : items) {
    if (out.size() > 1) out.push_back(',');
    out.append(item);
  }
  out.push_back(']');
  return out;
}

}  // namespace blocks_test
