// GET / and GET /pay?name=NAME: the web page (web_page.hpp). A name goes
// through the same answer service as /v1/resolve (cache, single-flight, the
// rounds), costs the same one token of the client's rate limit, and fails
// with the status the JSON API would give.
#include <algorithm>

#include "hrn/api/errors.hpp"
#include "hrn/api/payment_view.hpp"
#include "hrn/api/query.hpp"
#include "hrn/api/router.hpp"
#include "hrn/api/status_table.hpp"
#include "hrn/api/web_page.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/tor/errors.hpp"

namespace hrn::api {
namespace asio = boost::asio;

namespace {

http_response failed(std::string_view typed, const error& e) {
  return page_response(http_status_for(e.code), error_page(typed, e));
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

}  // namespace

asio::awaitable<http_response> router::web_get(const http_request& request) {
  if (target_path(request.target) == "/") co_return page_response(200, form_page());
  auto name = query_param(request.target, "name");
  if (!name) co_return failed("", name.err());
  if (!*name || blank(**name))
    co_return failed("", make_error(errc::missing_name, "type a name, such as alice@example.com"));
  const std::string typed = std::move(**name);
  if (parts_.admit)
    if (auto wait = parts_.admit(request, 1)) {
      auto r = failed(typed, make_error(errc::rate_limited, "too many lookups from here; wait a moment and try again"));
      r.headers.emplace_back("Retry-After", std::to_string(std::max<long long>(1, wait->count())));
      co_return r;
    }
  auto address = name::parse(typed);
  if (!address) co_return failed(typed, address.err());
  if (!parts_.answers)
    co_return failed(typed, make_error(tor::errc::tor_not_ready, "this relay has no resolver running"));
  auto resolving = parts_.answers->resolve(*address);  // named local: g++ 12 (see answer_service.cpp)
  auto served = co_await std::move(resolving);
  if (!served) co_return failed(typed, served.err());
  if (served->cached && parts_.hold_hit) {
    // A hit leaves at a round boundary, as a miss's lookup starts at one.
    auto holding = parts_.hold_hit();
    co_await std::move(holding);
  }
  co_return page_response(200, result_page(make_payment_view(*address, *served->answer, current_tips())));
}

}  // namespace hrn::api
