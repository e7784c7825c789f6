#pragma once
// The relay's log lines: spdlog's text pattern, or --log-format json (one
// JSON object a line, for log collectors). Either way names are only ever
// logged at debug, and never beside a client address (README, Privacy).

namespace hrn::relay {

struct config;

// Sets the default logger's level and format from `cfg`: at start, and
// again on SIGHUP.
void apply_log_settings(const config& cfg);

}  // namespace hrn::relay
