#pragma once
// What the daemon knows about its tor, for /healthz and the log. Written by
// the tor link coroutines, read by the router: both on the one event loop.

#include <string>

namespace hrn::relay {

struct tor_status {
  // disabled (--direct), starting, bootstrapping, ready, failed,
  // external (a SOCKS port without a control port: state unknown)
  std::string state = "starting";
  int progress = 0;          // bootstrap %, when known
  std::string summary;       // tor's own words for the current phase
  std::string warning;       // tor's bootstrap problem, or why we failed
  std::string onion_address; // "….onion" once published
  bool onion_published = false;  // the descriptor reached the HSDirs
};

}  // namespace hrn::relay
