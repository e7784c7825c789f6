#include "hrn/api/accept.hpp"

#include <algorithm>
#include <cctype>

namespace hrn::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
int parse_q(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return 1000;
  int q = (v[0] - '0') * 1000;
  if (v.size() > 1) {
    if (v[1] != '.' || v.size() > 5) return 1000;
    int scale = 100;
    for (std::size_t i = 2; i < v.size(); ++i, scale /= 10) {
      if (!std::isdigit(static_cast<unsigned char>(v[i]))) return 1000;
      q += (v[i] - '0') * scale;
    }
  }
  return std::min(q, 1000);
}

}  // namespace

int accept_quality(std::string_view accept, std::string_view media_type) {
  const auto slash = media_type.find('/');
  const auto type = media_type.substr(0, slash);
  int exact = -1, by_type = -1, any = -1;
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    auto item = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
    const auto semi = item.find(';');
    const auto range = trim(item.substr(0, semi));
    int q = 1000;
    for (auto params = semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1);
         !params.empty();) {
      const auto next = params.find(';');
      const auto param = trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') q = parse_q(param.substr(2));
    }
    if (iequal(range, media_type))
      exact = std::max(exact, q);
    else if (range.size() == type.size() + 2 && iequal(range.substr(0, type.size()), type) &&
             range.substr(type.size()) == "/*")
      by_type = std::max(by_type, q);
    else if (range == "*/*")
      any = std::max(any, q);
  }
  // RFC 9110 §12.5.1: the most specific reference has precedence.
  if (exact >= 0) return exact;
  if (by_type >= 0) return by_type;
  return std::max(any, 0);
}

bool accept_prefers_text(std::string_view accept) {
  const int text = accept_quality(accept, "text/plain");
  return text > 0 && text > accept_quality(accept, "application/json");
}

}  // namespace hrn::api
