#pragma once
// What the operator does to a relay without stopping it: check a
// configuration before starting (--check-config), and re-read the --config
// file on SIGHUP.

#include "config.hpp"
#include "hrn/api/rate_limit.hpp"
#include "hrn/blocks/block_source.hpp"

namespace hrn::relay {

class resolver_stack;

// The rate limiter's buckets from --rate-limit and friends.
api::rate_limiter_config rate_limits_of(const config& cfg);

// The block source's options (--blocks, checked with the options).
blocks::source_options block_options_of(const config& cfg);

// --check-config: builds the lookup side and the block source as a start
// would (trust anchors, CA file, upstreams, --directory, Redis options)
// without listening, starting tor or connecting anywhere; prints the
// settings on stdout. 0 when fine, 2 with the reason on stderr.
int check_configuration(const config& cfg);

// SIGHUP: parses the same command line and the --config file again, then
// applies what can change at run time: log level and format, rate limits
// (buckets kept), --directory. Any other option that differs from
// `running` gets one warning (restart to apply). A file that does not parse
// changes nothing: an error is logged and the relay goes on as it was.
// Connections are left alone.
void reload_configuration(int argc, char** argv, const config& running, api::rate_limiter& limiter,
                          resolver_stack& resolver);

}  // namespace hrn::relay
