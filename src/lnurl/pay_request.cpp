#include "hrn/lnurl/pay_request.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>

#include "hrn/lnurl/errors.hpp"
#include "hrn/util/utf8.hpp"
#include "https_url.hpp"

namespace hrn::lnurl {
namespace json = boost::json;

namespace {

result<json::value> parse_json(std::string_view text, std::string_view what, std::string_view code,
                               std::size_t max_depth) {
  // Boost.JSON checks UTF-8 inside strings only; the whole text is checked
  // here so that no view ever meets a broken byte.
  if (!utf8::is_valid(text)) return make_error(code, std::string(what) + " is not UTF-8");
  json::parse_options options;
  options.max_depth = max_depth;
  boost::system::error_code ec;
  auto value = json::parse(text, ec, {}, options);
  if (ec) return make_error(code, std::string(what) + " is not JSON: " + ec.message());
  return value;
}

// A JSON integer >= 0; nullopt for anything else (1.5, "7", -1, 1e3).
std::optional<std::uint64_t> as_count(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_uint64()) return v->get_uint64();
  if (v->is_int64() && v->get_int64() >= 0) return static_cast<std::uint64_t>(v->get_int64());
  return std::nullopt;
}

// Visible text of a reason a stranger wrote: cut to a bound at a character
// boundary, control characters as spaces (the message reaches logs and
// plain-text answers).
std::string printable_reason(std::string_view reason) {
  std::string out;
  for (std::size_t i = 0; i < reason.size();) {
    const auto d = utf8::decode(reason, i);
    if (out.size() + d.length > max_reason_bytes) break;
    if (!d.valid) out += '?';
    else if (d.cp < 0x20 || d.cp == 0x7f || d.cp == 0x2028 || d.cp == 0x2029) out += ' ';
    else out.append(reason.substr(i, d.length));
    i += d.length;
  }
  return out;
}

struct metadata_fields {
  std::string description;
  std::optional<std::string> identifier;
};

// LUD-06: "`metadata` json array must contain one `text/plain` entry";
// "either one `image/png;base64` entry or one `image/jpeg;base64` entry or
// neither"; "only allowed to contain arrays. The first item ... is always a
// string representing the metadata type while any item that follows can be
// of any JSON type." LUD-16: the address itself as text/identifier or
// text/email, "an internet identifier string".
result<metadata_fields> parse_metadata(std::string_view text) {
  const auto bad = [](std::string why) { return make_error(errc::lnurl_bad_metadata, std::move(why)); };
  if (text.size() > max_metadata_bytes)
    return bad("metadata is " + std::to_string(text.size()) + " bytes, over " +
               std::to_string(max_metadata_bytes));
  // Entries may hold any JSON after their type: a bounded depth, not a shape.
  auto parsed = parse_json(text, "metadata", errc::lnurl_bad_metadata, 16);
  if (!parsed) return std::move(parsed).err();
  const auto* entries = parsed->if_array();
  if (entries == nullptr) return bad("metadata is not a JSON array");
  if (entries->size() > max_metadata_entries)
    return bad("metadata has more than " + std::to_string(max_metadata_entries) + " entries");
  metadata_fields out;
  bool has_plain = false;
  int images = 0;
  for (const auto& entry : *entries) {
    const auto* item = entry.if_array();
    if (item == nullptr || item->empty() || !(*item)[0].is_string())
      return bad("a metadata entry is not an array starting with its type (a string)");
    const std::string_view type = (*item)[0].get_string();
    // The entries whose content this relay reads must be [type, string].
    const bool read_here = type == "text/plain" || type == "text/identifier" || type == "text/email";
    if (read_here && (item->size() != 2 || !(*item)[1].is_string()))
      return bad("the metadata's " + std::string(type) + " entry is not [type, string]");
    if (type == "image/png;base64" || type == "image/jpeg;base64") {
      if (++images > 1) return bad("metadata has more than one image entry");
    } else if (type == "text/plain") {
      if (has_plain) return bad("metadata has more than one text/plain entry");
      const std::string_view value = (*item)[1].get_string();
      if (value.size() > max_description_bytes)
        return bad("the text/plain description is over " + std::to_string(max_description_bytes) + " bytes");
      has_plain = true;
      out.description.assign(value);
    } else if (read_here && !out.identifier) {
      const std::string_view value = (*item)[1].get_string();
      if (value.size() > 256) return bad("the metadata's " + std::string(type) + " is over 256 bytes");
      out.identifier.emplace(value);
    }
  }
  if (!has_plain) return bad("metadata has no text/plain entry (LUD-06 requires one)");
  return out;
}

result<pay_request> parse_request_object(const json::object& o, std::string_view domain) {
  pay_request out;
  // LUD-06: tag MUST be "payRequest".
  const auto* tag = o.if_contains("tag");
  if (tag == nullptr || !tag->is_string() || tag->get_string() != "payRequest")
    return make_error(errc::lnurl_bad_tag, "tag is not \"payRequest\" (LUD-06)");

  const auto* callback = o.if_contains("callback");
  if (callback == nullptr || !callback->is_string())
    return make_error(errc::lnurl_bad_callback, "callback is missing or not a string");
  const std::string_view cb = callback->get_string();
  if (cb.size() > max_callback_bytes)
    return make_error(errc::lnurl_bad_callback, "callback is over " + std::to_string(max_callback_bytes) + " bytes");
  // LUD-01: an https:// clearnet URL or an http:// onion one.
  auto host = detail::callback_host(cb);
  if (!host)
    return make_error(errc::lnurl_bad_callback, "callback is not a well-formed https URL (or http for an onion)");
  out.callback.assign(cb);
  out.callback_host = std::move(*host);
  out.callback_domain_matches = out.callback_host == domain;

  // LUD-06: millisatoshi amounts; a min of 0 or a min above the max can be
  // paid by no invoice.
  const auto min = as_count(o.if_contains("minSendable"));
  const auto max = as_count(o.if_contains("maxSendable"));
  if (!min || !max)
    return make_error(errc::lnurl_bad_amounts, "minSendable and maxSendable must be integers (millisatoshi)");
  if (*min < 1 || *min > *max)
    return make_error(errc::lnurl_bad_amounts, "minSendable must be at least 1 and at most maxSendable");
  out.min_sendable = *min;
  out.max_sendable = *max;

  // LUD-12: commentAllowed, the longest comment, optional.
  if (const auto* comment = o.if_contains("commentAllowed")) {
    const auto n = as_count(comment);
    if (!n) return make_error(errc::lnurl_bad_amounts, "commentAllowed must be a non-negative integer");
    out.comment_allowed = *n;
  }

  const auto* metadata = o.if_contains("metadata");
  if (metadata == nullptr || !metadata->is_string())
    return make_error(errc::lnurl_bad_metadata, "metadata is missing or not a JSON string (LUD-06)");
  auto fields = parse_metadata(metadata->get_string());
  if (!fields) return std::move(fields).err();
  out.metadata.assign(metadata->get_string());
  out.description = std::move(fields->description);
  out.identifier = std::move(fields->identifier);
  return out;
}

}  // namespace

result<pay_request> parse_pay_request(std::string_view body, std::string_view domain) {
  if (body.size() > max_body_bytes)
    return make_error(errc::lnurl_too_large, "the reply is " + std::to_string(body.size()) + " bytes, over " +
                                                 std::to_string(max_body_bytes));
  // The payRequest is flat (its metadata is a string parsed apart); the
  // depth leaves room for other LUDs' extra fields (LUD-18 payerData).
  auto parsed = parse_json(body, "the reply", errc::lnurl_bad_json, 8);
  if (!parsed) return std::move(parsed).err();
  const auto* o = parsed->if_object();
  if (o == nullptr) return make_error(errc::lnurl_bad_json, "the reply is not a JSON object");
  // LUD-06: {"status": "ERROR", "reason": "error details..."}.
  if (const auto* st = o->if_contains("status"); st != nullptr && st->is_string() && st->get_string() == "ERROR") {
    const auto* reason = o->if_contains("reason");
    const std::string_view why = reason != nullptr && reason->is_string() ? std::string_view(reason->get_string()) : "";
    return make_error(errc::lnurl_service_error,
                      "the service answered an error: " + (why.empty() ? std::string("(no reason)") : printable_reason(why)));
  }
  return parse_request_object(*o, domain);
}

}  // namespace hrn::lnurl
