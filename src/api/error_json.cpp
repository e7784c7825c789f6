#include <boost/json.hpp>

#include "hrn/api/json_views.hpp"

namespace hrn::api {

boost::json::object error_json(const error& e) {
  boost::json::object inner;
  inner["code"] = e.code;
  inner["message"] = e.message;
  boost::json::object out;
  out["error"] = std::move(inner);
  return out;
}

}  // namespace hrn::api
