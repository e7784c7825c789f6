#include "hrn/dns/errors.hpp"

namespace hrn::dns {

std::string_view to_string(security_status s) {
  switch (s) {
    case security_status::secure: return "secure";
    case security_status::insecure: return "insecure";
    case security_status::bogus: return "bogus";
    case security_status::indeterminate: return "indeterminate";
  }
  return "bogus";
}

security_status security_of(const error& e) {
  if (e.code == errc::dnssec_insecure) return security_status::insecure;
  if (e.code == errc::dnssec_indeterminate) return security_status::indeterminate;
  return security_status::bogus;
}

}  // namespace hrn::dns
