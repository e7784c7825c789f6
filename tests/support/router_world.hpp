#pragma once
// A router over the real answer service and cache, with a scripted
// dispatcher in place of the network and a settable clock and chain tip:
// what the API's endpoint tests drive.

#include <string>
#include <utility>

#include "hrn/api/router.hpp"
#include "hrn/cache/store.hpp"
#include "hrn/flag/chain_tip.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "support/fake_dispatcher.hpp"
#include "support/run_sync.hpp"

namespace test_support {

struct router_world {
  std::uint64_t now = t0;
  hrn::cache::store store{1 << 20};
  fake_dispatcher dispatcher;
  hrn::resolve::answer_service answers{store, dispatcher, hrn::resolve::service_options{}, [this] { return now; }};
  // What the block source reports; no tip until a test sets one.
  hrn::flag::tip_state tips{std::nullopt, "waiting for the block source's first answer"};
  hrn::api::router router{[this] {
    hrn::api::router_parts parts;
    parts.health = [] {
      hrn::api::health_snapshot h;
      h.cache_entries = 7;
      return h;
    };
    parts.answers = &answers;
    parts.unix_now = [this] { return now; };
    parts.tips = [this] { return tips; };
    return parts;
  }()};

  hrn::api::http_response get(std::string target, bool via_onion = false, std::string accept = "") {
    hrn::api::http_request r{"GET", std::move(target), "", ""};
    r.via_onion = via_onion;
    r.accept = std::move(accept);
    return run_sync(router.handle(std::move(r)));
  }
  hrn::api::http_response post(std::string body) {
    return run_sync(router.handle({"POST", "/v1/resolve", "application/json", std::move(body)}));
  }
  // A tip at `height` with `kept` hashes (each byte the height it belongs to,
  // mod 256, so every block's hash differs).
  void set_tip(std::uint32_t height, std::size_t kept) {
    hrn::flag::chain_tip tip;
    tip.height = height;
    for (std::size_t i = 0; i < kept; ++i) {
      hrn::flag::block_hash h{};
      h.fill(static_cast<std::uint8_t>((height - i) & 0xff));
      tip.hashes.push_back(h);
    }
    tips.tip = tip;
    tips.reason.clear();
  }
};

}  // namespace test_support
