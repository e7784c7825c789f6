#include <boost/json.hpp>

#include "hrn/api/json_views.hpp"
#include "hrn/name/address.hpp"

namespace hrn::api {

// Field order is the documented one; Boost.JSON objects keep insertion order,
// so `hrn parse-name` and the HTTP API print the fields the same way.
boost::json::object to_json(const name::address& a) {
  boost::json::object o;
  o["user"] = a.user;
  o["domain"] = a.domain;
  // null, not "", so a client can tell "no code" from a bug that lost one.
  if (a.short_code.empty())
    o["short_code"] = nullptr;
  else
    o["short_code"] = a.short_code;
  o["dns_name"] = a.dns_name();
  o["idn"] = a.idn;
  o["display"] = a.display();
  return o;
}

}  // namespace hrn::api
