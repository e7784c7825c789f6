#pragma once
// Label rules for the user and domain parts (private to the name module).

#include <cstddef>
#include <string>
#include <string_view>

#include "hrn/util/result.hpp"

namespace hrn::name::detail {

enum class part { user, domain };

// Where a run of labels sits, for error messages that say what to fix.
struct part_context {
  part where;
  char32_t separator;  // '@', or '*' in the feature-phone form
};

// Normalises a whole user or domain (already without the domain's trailing
// dot): splits at '.', checks and converts each label, joins them again.
// The result is lower-case ASCII with the same number of labels.
result<std::string> normalise_labels(std::u32string_view text, part_context ctx);

// True when some '.'-separated label of `dotted` is an A-label ("xn--…").
bool has_a_label(std::string_view dotted);

}  // namespace hrn::name::detail
