#pragma once
// Walks the RESP framing of the bytes a server sends BEFORE hiredis sees
// them. hiredis 0.14 allocates an array's element table as soon as it reads
// the "*N" header, parses lengths without overflow checks, and does not check
// the CRLF after a bulk string; this walk refuses all of that, and every
// reader_limits bound, while it holds nothing but a few counters. Pure.

#include <cstddef>
#include <string>
#include <vector>

#include "hrn/cache/redis/reply.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::cache::redis {

class resp_guard {
 public:
  // hiredis 0.14 reads arrays nested at most 7 deep (its task stack has 9
  // entries); a deeper reply is refused here first, with our own message.
  static constexpr std::size_t max_depth = 7;

  explicit resp_guard(const reader_limits& limits) : limits_(limits) {}

  // Walks `data`; on success all of it is well-formed so far. On error,
  // `accepted` is how many leading bytes were (they may be fed to hiredis).
  status scan(byte_view data, std::size_t& accepted);

 private:
  enum class state { type, line, line_lf, number, number_lf, payload, payload_cr, payload_lf };

  status on_byte(std::uint8_t b);
  status on_number();
  void finish_value();

  reader_limits limits_;
  state state_ = state::type;
  char header_ = 0;              // the type byte of the line being read
  std::string number_;           // the digits of a ':', '$' or '*' line
  std::size_t line_ = 0;         // length of the '+' or '-' line so far
  std::size_t payload_ = 0;      // bulk bytes still to come
  std::vector<long long> open_;  // elements still to come in each open array
  std::size_t elements_ = 0;     // elements declared in the reply so far, all levels
  std::size_t partial_ = 0;      // bytes of the reply not yet whole
};

}  // namespace hrn::cache::redis
