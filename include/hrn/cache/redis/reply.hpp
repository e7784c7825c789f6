#pragma once
// RESP replies, read with hiredis's reply reader (the protocol parser only;
// no hiredis I/O). Pure: bytes in, replies out.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::cache::redis {

struct reply {
  enum class kind { string, status, error, integer, nil, array };
  kind type = kind::nil;
  std::string text;        // string (bulk), status, error
  long long integer = 0;   // integer
  std::vector<reply> elements;  // array

  bool is_nil() const { return type == kind::nil; }
  bool is_error() const { return type == kind::error; }
};

// Bounds on what a server may send, so a hostile or broken server cannot
// make the relay allocate without limit.
struct reader_limits {
  std::size_t max_bulk = 1 << 20;        // one string
  std::size_t max_elements = 1 << 20;    // one array (all levels counted)
  std::size_t max_buffered = 8 << 20;    // bytes fed but not yet a whole reply
};

// Feeds the bytes a connection reads and hands back whole replies in order.
class reply_reader {
 public:
  explicit reply_reader(reader_limits limits = {});
  ~reply_reader();
  reply_reader(const reply_reader&) = delete;
  reply_reader& operator=(const reply_reader&) = delete;

  // Error errc::redis_protocol_error once the bytes are not RESP or break a
  // limit; the reader is then unusable (the connection must be dropped).
  status feed(byte_view data);
  // The next whole reply, or nullopt when more bytes are needed.
  result<std::optional<reply>> next();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// One command as RESP (an array of bulk strings), via hiredis's formatter.
bytes format_command(const std::vector<std::string>& args);

}  // namespace hrn::cache::redis
