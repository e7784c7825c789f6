#pragma once
// The web page's one style sheet and one script (not a public header). They
// are constants so the Content-Security-Policy can allow exactly them by hash.

#include <string_view>

namespace hrn::api::web_assets {

std::string_view style();
std::string_view script();

}  // namespace hrn::api::web_assets
