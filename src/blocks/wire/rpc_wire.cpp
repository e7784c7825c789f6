#include "hrn/blocks/rpc_wire.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "hrn/blocks/errors.hpp"
#include "hrn/util/bytes.hpp"
#include "json_reader.hpp"

namespace hrn::blocks {

namespace {

boost::json::object call(std::size_t id, std::string_view method, boost::json::array params) {
  return {{"jsonrpc", "1.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

// Text from outside shown to an operator: printable ASCII, bounded.
std::string cleaned(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, 160)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

// The `result` of each call of a batch reply, by id: every id 0..count-1
// exactly once (bitcoind may answer a batch in any order).
result<std::vector<const boost::json::value*>> results_by_id(const boost::json::value& reply, std::size_t count) {
  const auto* list = reply.if_array();
  if (!list) return make_error(errc::bad_reply, "bitcoind's batch reply is not a JSON array");
  if (list->size() != count)
    return make_error(errc::bad_reply, "bitcoind answered " + std::to_string(list->size()) + " calls of " +
                                           std::to_string(count));
  std::vector<const boost::json::value*> out(count, nullptr);
  for (const auto& item : *list) {
    const auto* object = item.if_object();
    if (!object) return make_error(errc::bad_reply, "a call's reply is not a JSON object");
    const auto id = detail::as_integer(object->if_contains("id"));
    if (!id || *id < 0 || static_cast<std::uint64_t>(*id) >= count || out[static_cast<std::size_t>(*id)])
      return make_error(errc::bad_reply, "a call's reply has a missing, unknown or repeated id");
    if (const auto* e = object->if_contains("error"); e && !e->is_null()) {
      std::string what = "bitcoind refused a call";
      if (const auto* eo = e->if_object()) {
        if (const auto code = detail::as_integer(eo->if_contains("code"))) what += " (code " + std::to_string(*code) + ")";
        if (const auto* m = eo->if_contains("message"); m && m->is_string()) what += ": " + cleaned(m->get_string());
      }
      return make_error(errc::rpc_error, what);
    }
    const auto* r = object->if_contains("result");
    if (!r) return make_error(errc::bad_reply, "a call's reply has no `result`");
    out[static_cast<std::size_t>(*id)] = r;
  }
  return out;
}

result<flag::block_hash> hash_of(const boost::json::value* v, std::string_view call_name) {
  if (!v->is_string()) return make_error(errc::bad_reply, std::string(call_name) + " did not answer a string");
  return parse_block_hash(v->get_string());
}

}  // namespace

std::string tip_batch_request() {
  boost::json::array batch;
  batch.push_back(call(0, "getblockcount", {}));
  batch.push_back(call(1, "getbestblockhash", {}));
  return boost::json::serialize(batch);
}

result<block_ref> parse_tip_batch(std::string_view body) {
  auto parsed = detail::parse_bounded_json(body, "bitcoind's reply");
  if (!parsed) return std::move(parsed).err();
  auto results = results_by_id(*parsed, 2);
  if (!results) return std::move(results).err();
  const auto raw_height = detail::as_integer((*results)[0]);
  if (!raw_height) return make_error(errc::bad_reply, "getblockcount did not answer an integer");
  auto height = check_height(*raw_height);
  if (!height) return std::move(height).err();
  auto hash = hash_of((*results)[1], "getbestblockhash");
  if (!hash) return std::move(hash).err();
  return block_ref{*height, *hash};
}

std::string hashes_batch_request(std::uint32_t height, std::size_t count) {
  boost::json::array batch;
  for (std::size_t i = 0; i < count && i <= height; ++i)
    batch.push_back(call(i, "getblockhash", {height - static_cast<std::uint32_t>(i)}));
  return boost::json::serialize(batch);
}

result<std::vector<block_ref>> parse_hashes_batch(std::string_view body, std::uint32_t height,
                                                   std::size_t count) {
  if (count == 0 || count > std::size_t{height} + 1)
    return make_error(errc::bad_reply, "asked for more hashes than blocks exist");
  auto parsed = detail::parse_bounded_json(body, "bitcoind's reply");
  if (!parsed) return std::move(parsed).err();
  auto results = results_by_id(*parsed, count);
  if (!results) return std::move(results).err();
  std::vector<block_ref> out;
  for (std::size_t i = 0; i < count; ++i) {
    auto hash = hash_of((*results)[i], "getblockhash");
    if (!hash) return std::move(hash).err();
    out.push_back({height - static_cast<std::uint32_t>(i), *hash});
  }
  return out;
}

result<rpc_credentials> parse_rpc_cookie(std::string_view text) {
  if (text.size() > 1024) return make_error(errc::bad_rpc_credentials, "the cookie file is over 1 KiB");
  if (text.ends_with('\n')) text.remove_suffix(1);
  if (text.ends_with('\r')) text.remove_suffix(1);
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
    return make_error(errc::bad_rpc_credentials, "the cookie file is not USER:PASSWORD on one line");
  for (const char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return make_error(errc::bad_rpc_credentials, "the cookie file holds a control character");
  return rpc_credentials{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

result<std::string> parse_password_file(std::string_view text) {
  if (text.size() > 1024) return make_error(errc::bad_rpc_credentials, "the password file is over 1 KiB");
  text = text.substr(0, text.find('\n'));
  if (text.ends_with('\r')) text.remove_suffix(1);
  if (text.empty()) return make_error(errc::bad_rpc_credentials, "the password file's first line is empty");
  for (const char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return make_error(errc::bad_rpc_credentials, "the password holds a control character");
  return std::string(text);
}

std::string basic_authorization(const rpc_credentials& credentials) {
  return "Basic " + to_base64(as_bytes(credentials.user + ":" + credentials.password));
}

}  // namespace hrn::blocks
