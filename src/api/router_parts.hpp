#pragma once
// Helpers the router's source files share (not a public header).

#include <cstdint>
#include <string>

#include <boost/json/fwd.hpp>

#include "hrn/api/http.hpp"
#include "hrn/api/router.hpp"
#include "hrn/api/status_table.hpp"
#include "hrn/util/result.hpp"

namespace hrn::api {

http_response json_response(int status, const boost::json::object& body);
inline int http_status_for_error(const error& e) { return http_status_for(e.code); }
// A JSON {"error": {code, message}} with the status the table gives its code.
http_response error_response(const error& e);

// /healthz's `blocks` section and the block source's /metrics lines
// (blocks_view.cpp), from the health snapshot and the source's tip state.
boost::json::object blocks_health(const health_snapshot& h, const flag::tip_state& tips, std::uint64_t now);
void render_blocks_metrics(const health_snapshot& h, const flag::tip_state& tips, std::uint64_t now,
                           std::string& out);

// /healthz's `cache.shared` section and the shared cache's /metrics lines
// (shared_cache_view.cpp).
boost::json::object shared_cache_health(const shared_cache_status& s);
void render_shared_cache_metrics(const shared_cache_status& s, std::string& out);

}  // namespace hrn::api
