#include <boost/json.hpp>

#include "hrn/api/json_views.hpp"
#include "hrn/lnurl/pay_request.hpp"

namespace hrn::api {

boost::json::object lnurl_json(const lnurl::pay_request& p) {
  boost::json::object o;
  o["callback"] = p.callback;
  o["callback_host"] = p.callback_host;
  // Not the name's domain: the invoice would come from another host. The
  // relay reports it rather than refusing (hosted LNURL services do this);
  // the payer's wallet decides.
  o["callback_domain_matches"] = p.callback_domain_matches;
  o["min_sendable"] = p.min_sendable;
  o["max_sendable"] = p.max_sendable;
  o["description"] = p.description;
  o["metadata"] = p.metadata;
  o["identifier"] = p.identifier ? boost::json::value(*p.identifier) : nullptr;
  o["comment_allowed"] = p.comment_allowed;
  return o;
}

}  // namespace hrn::api
