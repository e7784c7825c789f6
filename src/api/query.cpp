#include "hrn/api/query.hpp"

#include <algorithm>
#include <cctype>

#include "hrn/api/errors.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::api {
namespace {

result<std::string> decode_component(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      const int hi = i + 2 < in.size() ? hex_value(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return make_error(errc::bad_request, "bad %-escape in the query string");
      const char byte = static_cast<char>(hi * 16 + lo);
      if (byte == '\0') return make_error(errc::bad_request, "NUL byte in the query string");
      out += byte;
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string_view target_path(std::string_view target) { return target.substr(0, target.find('?')); }

result<std::optional<std::string>> query_param(std::string_view target, std::string_view key) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return std::optional<std::string>{};
  std::string_view rest = target.substr(q + 1);
  // A fragment is never sent by a client, but cut it if one is.
  rest = rest.substr(0, rest.find('#'));
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    auto name = decode_component(pair.substr(0, eq));
    if (!name) return std::move(name).err();
    if (*name != key) continue;
    auto value = decode_component(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!value) return std::move(value).err();
    return std::optional<std::string>(std::move(*value));
  }
  return std::optional<std::string>{};
}

result<bool> query_flag(std::string_view target, std::string_view key) {
  auto v = query_param(target, key);
  if (!v) return std::move(v).err();
  if (!*v) return false;
  std::string s = **v;
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "1" || s == "true" || s == "yes" || s.empty()) return true;
  if (s == "0" || s == "false" || s == "no") return false;
  return make_error(errc::bad_request, "parameter '" + std::string(key) + "' must be 1 or 0");
}

}  // namespace hrn::api
