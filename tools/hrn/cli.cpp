#include "cli.hpp"

#include <iostream>

#include <boost/json.hpp>

#include "hrn/api/json_views.hpp"

namespace hrn::cli {
namespace {

void pretty(std::ostream& os, const boost::json::value& v, int indent) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  const std::string inner(static_cast<std::size_t>(indent + 1) * 2, ' ');
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.empty()) { os << "{}"; return; }
    os << "{\n";
    bool first = true;
    for (const auto& kv : o) {
      if (!first) os << ",\n";
      first = false;
      os << inner << boost::json::serialize(boost::json::string(kv.key())) << ": ";
      pretty(os, kv.value(), indent + 1);
    }
    os << "\n" << pad << "}";
  } else if (v.is_array()) {
    const auto& a = v.get_array();
    if (a.empty()) { os << "[]"; return; }
    os << "[\n";
    bool first = true;
    for (const auto& e : a) {
      if (!first) os << ",\n";
      first = false;
      os << inner;
      pretty(os, e, indent + 1);
    }
    os << "\n" << pad << "]";
  } else {
    os << boost::json::serialize(v);
  }
}

}  // namespace

void print_json(const boost::json::value& v) {
  pretty(std::cout, v, 0);
  std::cout << "\n";
}

void print_json(const boost::json::object& o) { print_json(boost::json::value(o)); }

int fail(const error& e) {
  print_json(api::error_json(e));
  return exit_invalid;
}

int usage_error(std::string_view command, std::string_view message) {
  std::cerr << "hrn " << command << ": " << message << "\n"
            << "Try 'hrn " << command << " --help'.\n";
  return exit_usage;
}

}  // namespace hrn::cli
