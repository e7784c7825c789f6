#include "tor_link.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace hrn::relay {
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {
// How long tor may sit at one phase with a reported problem before we say
// plainly that it cannot reach the network (it keeps trying; so do we).
constexpr auto stuck_after = 30s;
}  // namespace

asio::awaitable<bool> tor_link::follow_bootstrap(tor::control_connection& c) {
  asio::steady_timer tick(co_await asio::this_coro::executor);
  int last_progress = -1;
  auto last_change = std::chrono::steady_clock::now();
  bool said_stuck = false;
  while (!stopping_) {
    auto phase = co_await c.bootstrap_status();
    if (!phase) {
      status_.state = "failed";
      status_.warning = phase.err().message;
      spdlog::error("tor: cannot read bootstrap state: {}", phase.err().message);
      co_return false;
    }
    status_.progress = phase->progress;
    status_.summary = phase->summary;
    status_.warning = phase->warning.value_or("");
    if (phase->progress != last_progress) {
      spdlog::info("tor bootstrap {}%: {}", phase->progress, phase->summary);
      last_progress = phase->progress;
      last_change = std::chrono::steady_clock::now();
      said_stuck = false;
    }
    if (phase->progress >= 100) {
      status_.state = "ready";
      status_.warning.clear();
      co_return true;
    }
    status_.state = "bootstrapping";
    if (!said_stuck && std::chrono::steady_clock::now() - last_change > stuck_after) {
      said_stuck = true;
      spdlog::warn("tor cannot reach the Tor network: stuck at {}% ({}){}", phase->progress,
                   phase->summary, phase->warning ? "; tor says: " + *phase->warning : "");
      if (status_.warning.empty()) status_.warning = "no bootstrap progress for 30 s";
    }
    tick.expires_after(1s);
    co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  co_return false;
}

asio::awaitable<void> tor_link::publish(tor::control_connection& c) {
  if (!onion_.enabled) co_return;
  tor::onion_request request;
  request.ports.push_back({80, onion_.api});
  request.state_dir = onion_.state_dir;
  auto service = co_await c.add_onion(request);
  if (!service) {
    status_.warning = "onion service not published: " + service.err().message;
    spdlog::error("tor: {}", status_.warning);
    co_return;
  }
  const bool first = service_id_.empty();
  service_id_ = service->service_id;
  status_.onion_address = service->address();
  status_.onion_published = false;
  if (first)
    spdlog::info("onion service: http://{} ({} key)", service->address(),
                 service->new_key ? "new" : "stored");
  // add_onion enabled HS_DESC events: the upload shows when clients can find it.
  c.subscribe([this, id = service_id_](const tor::control_reply& event) {
    for (const auto& line : event.lines) {
      if (line.text.find("HS_DESC UPLOADED " + id) == std::string::npos) continue;
      if (!status_.onion_published) spdlog::info("onion service descriptor published");
      status_.onion_published = true;
    }
  });
}

asio::awaitable<void> tor_link::run(tor::control_options control) {
  auto ex = co_await asio::this_coro::executor;
  auto connection = co_await tor::control_connection::connect(ex, control);
  if (!connection) {
    status_.state = "failed";
    status_.warning = connection.err().message;
    spdlog::error("tor control port {}: {}", control.address.to_string(), connection.err().message);
    co_return;
  }
  control_.emplace(std::move(*connection));
  spdlog::info("tor control port {}: authenticated ({})", control.address.to_string(),
               tor::to_string(control_->auth_method()));
  if (!co_await follow_bootstrap(*control_)) co_return;
  spdlog::info("tor is ready");
  co_await publish(*control_);
}

asio::awaitable<void> tor_link::shutdown(tor::control_connection* c) {
  stopping_ = true;
  if (!c && control_) c = &*control_;
  if (c && c->is_open() && !service_id_.empty()) {
    if (auto s = co_await c->del_onion(service_id_); !s)
      spdlog::warn("tor: DEL_ONION failed: {}", s.err().message);
    else
      spdlog::info("onion service removed");
  }
  if (control_) control_->close();
}

}  // namespace hrn::relay
