#pragma once
// The seam between a cache miss and the network. Every lookup the relay makes
// goes through one lookup_dispatcher; nothing else reaches the transport. The
// immediate dispatcher sends a lookup as soon as it is asked for; the privacy
// scheduler (rounds of K lookups with decoys) implements the same interface.

#include <boost/asio/awaitable.hpp>

#include "hrn/name/address.hpp"
#include "hrn/resolve/bip353_resolver.hpp"
#include "hrn/resolve/lookup_pipeline.hpp"
#include "hrn/util/result.hpp"

namespace hrn::resolve {

class lookup_dispatcher {
 public:
  virtual ~lookup_dispatcher() = default;
  // One validated lookup of `address` (its short code plays no part).
  virtual boost::asio::awaitable<result<bip353_resolution>> dispatch(name::address address) = 0;
};

// Sends each lookup at once, through the pipeline.
class immediate_dispatcher final : public lookup_dispatcher {
 public:
  explicit immediate_dispatcher(lookup_pipeline& pipeline) : pipeline_(pipeline) {}
  boost::asio::awaitable<result<bip353_resolution>> dispatch(name::address address) override {
    // Named local (g++ 12 coroutine workaround, see lookup_pipeline.cpp).
    auto op = pipeline_.lookup(std::move(address));
    auto r = co_await std::move(op);
    co_return r;
  }

 private:
  lookup_pipeline& pipeline_;
};

}  // namespace hrn::resolve
