#pragma once
#include <boost/program_options/options_description.hpp>

#include "config.hpp"

namespace hrn::relay {

// Every option, bound to the fields of `c` where a plain value suffices.
boost::program_options::options_description describe_options(config& c);

}  // namespace hrn::relay
