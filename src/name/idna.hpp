#pragma once
// The one place that talks to libidn2 (private to the name module).

#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::name::detail {

// Converts one label that has non-ASCII characters, or is a typed A-label,
// with IDNA2008 and the UTS #46 non-transitional mapping (so 'ß' stays 'ß'
// and upper case is mapped). The result is lower-case letters, digits and
// '-' (an A-label "xn--…", or plain ASCII when the mapping leads there),
// 1–63 octets. On failure the code is label_too_long or idna, and the
// message is a phrase that follows "label N of the user/domain".
result<std::string> to_a_label(std::u32string_view label);

}  // namespace hrn::name::detail
