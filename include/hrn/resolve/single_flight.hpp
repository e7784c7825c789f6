#pragma once
// Concurrent requests for one key share one operation: the first caller runs
// it, later callers wait for its result. Everything runs on one event loop
// (one thread), so the table needs no lock.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace hrn::resolve {

template <class T>
class single_flight {
 public:
  // `waiter_limit` bounds how long a joiner waits (every wait has a
  // deadline); the leader's operation must bound its own time, and the limit
  // should be longer than that. A joiner that gives up gets nullopt.
  explicit single_flight(std::chrono::steady_clock::duration waiter_limit) : limit_(waiter_limit) {}

  struct outcome {
    std::optional<T> value;  // nullopt: a joiner gave up waiting
    bool joined = false;     // true: another request's operation answered
  };

  // `operation` is not started unless this call leads (Asio awaitables are
  // lazy): a joiner's is dropped unrun.
  boost::asio::awaitable<outcome> run(std::string key, boost::asio::awaitable<T> operation) {
    namespace asio = boost::asio;
    if (auto it = flights_.find(key); it != flights_.end()) {
      auto flight = it->second;
      ++flight->waiters;
      // The leader cancels the timer when the result is in; a timeout
      // without a result means the leader took longer than the limit. The
      // timer's expiry is set once, by the leader: changing it here would
      // cancel the other joiners' waits.
      co_await flight->done.async_wait(asio::as_tuple(asio::use_awaitable));
      --flight->waiters;
      co_return outcome{flight->result, true};
    }
    auto flight = std::make_shared<state>(co_await asio::this_coro::executor);
    flight->done.expires_after(limit_);
    flights_.emplace(key, flight);
    // However the leader ends (even by an exception), joiners are released
    // and the key is free for the next lookup.
    struct release {
      single_flight& table;
      const std::string& key;
      std::shared_ptr<state> flight;
      ~release() {
        table.flights_.erase(key);
        flight->done.cancel();
      }
    } guard{*this, key, flight};
    T value = co_await std::move(operation);
    flight->result = value;
    co_return outcome{std::move(value), false};
  }

  std::size_t in_flight() const { return flights_.size(); }
  bool has(const std::string& key) const { return flights_.count(key) != 0; }

 private:
  struct state {
    explicit state(const boost::asio::any_io_executor& ex) : done(ex) {}
    boost::asio::steady_timer done;
    std::optional<T> result;
    std::size_t waiters = 0;
  };
  std::chrono::steady_clock::duration limit_;
  std::unordered_map<std::string, std::shared_ptr<state>> flights_;
};

}  // namespace hrn::resolve
