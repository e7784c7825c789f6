#pragma once
// Reading an Accept header field (RFC 9110 §12.5.1) for the answers that
// come as JSON or as plain text. Pure.

#include <string_view>

namespace hrn::api {

// The quality (0 to 1000, as q=0.000 to q=1) the field gives `media_type`
// ("text/plain"): its own range if listed, else "type/*", else "*/*", else 0.
// Parameters other than q are ignored; a malformed q counts as 1 (the
// default), since the client listed the type.
int accept_quality(std::string_view accept, std::string_view media_type);

// Plain text rather than JSON: text/plain is acceptable (q > 0) and ranked
// strictly above application/json. An empty field (or */*) keeps JSON.
bool accept_prefers_text(std::string_view accept);

}  // namespace hrn::api
