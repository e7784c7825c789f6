#pragma once
// The served answer as JSON text, for the hot path of GET /v1/resolve (not a
// public header: the object form in hrn/api/json_views.hpp stays the API).

#include <cstdint>
#include <string>

namespace hrn::name {
struct address;
}
namespace hrn::flag {
struct tip_state;
}
namespace hrn::resolve {
struct served_answer;
}

namespace hrn::api {

// Exactly the bytes boost::json::serialize(served_answer_json(a, s, now,
// with_proof, tips)) gives, written from a per-entry rendering of the parts that do
// not change per request (answer_json.cpp) instead of a fresh object.
std::string served_answer_text(const name::address& a, const resolve::served_answer& s,
                               std::uint64_t now, bool with_proof, const flag::tip_state& tips);

}  // namespace hrn::api
