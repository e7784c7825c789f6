#include "json_reader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

#include "hrn/blocks/block_ref.hpp"
#include "hrn/blocks/errors.hpp"

namespace hrn::blocks::detail {

result<boost::json::value> parse_bounded_json(std::string_view body, std::string_view what) {
  if (body.size() > max_reply_bytes)
    return make_error(errc::reply_too_large, std::string(what) + ": " + std::to_string(body.size()) +
                                                 " bytes, more than the " + std::to_string(max_reply_bytes) +
                                                 " accepted");
  boost::json::parse_options options;
  options.max_depth = 8;  // the deepest shape we read is an array of objects of objects
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec, {}, options);
  if (ec) return make_error(errc::bad_reply, std::string(what) + " is not JSON: " + ec.message());
  return value;
}

std::optional<std::int64_t> as_integer(const boost::json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return INT64_MAX;
  return std::nullopt;
}

}  // namespace hrn::blocks::detail
