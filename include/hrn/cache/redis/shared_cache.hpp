#pragma once
// The cache several relays share, kept in Redis: entries, the leases that
// make one relay the only one looking a name up, short failure notes for the
// relays that waited, and the demand counts decoys are drawn from. This is
// only the storage (keys, commands, expiry); what the values mean and whether
// to believe them is the reader's business (resolve/shared_answers): Redis is
// not trusted to hold only good data.
//
// Keys (the name is user@domain, normalised; "hrn:1:" versions the layout):
//   hrn:1:e:NAME  an entry (cache/shared_entry.hpp), expiring with its stale window
//   hrn:1:l:NAME  a lease: the id of the relay looking NAME up, expiring by itself
//   hrn:1:f:NAME  the error code of a lookup that failed, for a few seconds
//   hrn:1:d:DAY   demand scores (a sorted set), forward-decayed from DAY's start

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "hrn/cache/redis/client.hpp"
#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::cache::redis {

// What a relay waiting for another relay's lookup sees, in one round trip.
struct lease_poll {
  std::optional<bytes> entry;           // the entry, once written
  std::optional<std::string> failure;   // the error code, if the lookup failed
  bool leased = false;                  // someone still holds the lease
};

struct demand_score {
  std::string name;
  double score = 0;
  friend bool operator==(const demand_score&, const demand_score&) = default;
};

class shared_cache {
 public:
  explicit shared_cache(client& connection) : client_(connection) {}

  bool available() const { return client_.up(); }
  client& connection() { return client_; }

  boost::asio::awaitable<result<std::optional<bytes>>> get(std::string name);
  // Written with a lifetime (Redis PX); replaces what was there.
  boost::asio::awaitable<status> put(std::string name, bytes value, std::chrono::milliseconds lifetime);
  // Deletes the entry only if it still holds `value` (one that was refused),
  // so a good entry another relay wrote meanwhile stays.
  boost::asio::awaitable<status> drop_if_same(std::string name, bytes value);

  // SET NX PX: true when this relay now holds the lease (and then an
  // earlier lookup's failure note is gone).
  boost::asio::awaitable<result<bool>> claim(std::string name, std::string owner, std::chrono::milliseconds lifetime);
  // Deletes the lease only if `owner` still holds it (an expired lease may
  // already be another relay's).
  boost::asio::awaitable<status> release(std::string name, std::string owner);
  boost::asio::awaitable<result<lease_poll>> poll(std::string name);
  boost::asio::awaitable<status> put_failure(std::string name, std::string code, std::chrono::milliseconds lifetime);

  // Adds `increments` to DAY's scores, keeps the `keep` highest, and returns
  // the `top` highest scores of DAY and of the day before (scores of two
  // landmarks; the caller scales them), one round trip.
  struct demand_view {
    std::vector<demand_score> today, yesterday;
  };
  boost::asio::awaitable<result<demand_view>> exchange_demand(std::vector<demand_score> increments,
                                                              std::uint64_t day, std::size_t keep,
                                                              std::size_t top);

  static std::string entry_key(std::string_view name);
  static std::string lease_key(std::string_view name);
  static std::string failure_key(std::string_view name);
  static std::string demand_key(std::uint64_t day);

 private:
  client& client_;
};

}  // namespace hrn::cache::redis
