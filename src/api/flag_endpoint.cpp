// GET /v1/flag and /v1/flag.svg: the node-id flag for a node id a client
// learned elsewhere (from an invoice, say), at the tip or a kept height. No
// lookup: the block source's tip and a hash.
#include <charconv>

#include <boost/json.hpp>

#include "hrn/api/errors.hpp"
#include "hrn/api/json_views.hpp"
#include "hrn/api/payment_view.hpp"
#include "hrn/api/query.hpp"
#include "hrn/api/router.hpp"
#include "hrn/flag/svg.hpp"
#include "router_parts.hpp"

namespace hrn::api {
namespace {

// A block height: decimal digits only, at most 2^32 - 1.
result<std::optional<std::uint32_t>> height_param(std::string_view target) {
  auto text = query_param(target, "height");
  if (!text) return text.err();
  if (!*text) return std::optional<std::uint32_t>{};
  const auto& t = **text;
  std::uint32_t h = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), h);
  if (t.empty() || ec != std::errc{} || end != t.data() + t.size())
    return make_error(errc::bad_request, "height must be a block height in decimal digits");
  return std::optional<std::uint32_t>{h};
}

}  // namespace

http_response router::flag_endpoint(const http_request& request, bool svg) const {
  auto node_id = query_param(request.target, "node_id");
  if (!node_id) return error_response(node_id.err());
  if (!*node_id)
    return error_response(make_error(errc::bad_request, "give the node id: /v1/flag?node_id=HEX[&height=N]"));
  auto height = height_param(request.target);
  if (!height) return error_response(height.err());
  auto made = flag_for_node(**node_id, *height, current_tips());
  if (!made) return error_response(made.err());
  http_response r;
  if (svg) {
    r.content_type = "image/svg+xml; charset=utf-8";
    r.body = flag::to_svg(*made->flag);
    return r;
  }
  auto body = flag_json(*made).at("flag").as_object();
  return json_response(200, body);
}

}  // namespace hrn::api
