// How managed tor's state reads to an operator (logs, /healthz).
#include <string>

#include "hrn/tor/managed_tor.hpp"

namespace hrn::tor {
namespace {

// control-spec §4.1.3: the ORCONN reasons a bootstrap problem carries, in
// words an operator can act on ("DONE" alone says nothing useful).
const char* explain_orconn_reason(std::string_view reason) {
  if (reason == "DONE") return "relays closed the connection";
  if (reason == "CONNECTREFUSED") return "connection refused";
  if (reason == "IDENTITY") return "the relay had another identity: something is in the way";
  if (reason == "CONNECTRESET") return "connection reset";
  if (reason == "TIMEOUT") return "connections time out";
  if (reason == "NOROUTE") return "no route to the relays";
  if (reason == "IOERROR") return "input/output error";
  if (reason == "RESOURCELIMIT") return "out of file descriptors or buffers";
  if (reason == "PT_MISSING") return "no pluggable transport available";
  return nullptr;
}

}  // namespace

const char* to_string(tor_phase phase) {
  switch (phase) {
    case tor_phase::starting: return "starting";
    case tor_phase::bootstrapping: return "bootstrapping";
    case tor_phase::ready: return "ready";
    case tor_phase::failed: return "failed";
  }
  return "?";
}

std::optional<std::string> bootstrap_warning(const bootstrap_phase& phase,
                                             std::chrono::steady_clock::duration without_progress,
                                             std::chrono::milliseconds stall_after) {
  if (phase.progress >= 100) return std::nullopt;
  const std::string where = "stuck at " + std::to_string(phase.progress) + "% (" +
                            (phase.summary.empty() ? phase.tag : phase.summary) + ")";
  std::string detail;
  if (phase.warning && !phase.warning->empty()) detail = *phase.warning;
  if (!phase.reason.empty() && phase.reason != detail)
    detail += (detail.empty() ? "reason " : ", reason ") + phase.reason;
  if (const char* words = explain_orconn_reason(phase.reason)) {
    detail += " (";
    detail += words;
    detail += ")";
  }
  // §4.1.10: "warn" is tor saying it is pretty sure bootstrapping has a
  // problem (it says "ignore" for the first few failures of a phase).
  if (phase.problem && phase.recommendation == "warn")
    return "tor cannot reach the network: " + where +
           (detail.empty() ? std::string() : "; tor reports: " + detail);
  if (without_progress >= stall_after) {
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(stall_after).count();
    return "tor has made no progress for over " + std::to_string(secs) + " s: " + where +
           (detail.empty() ? std::string() : "; last problem: " + detail);
  }
  return std::nullopt;
}

std::string describe(const tor_state& state) {
  switch (state.phase) {
    case tor_phase::starting:
      return state.warning ? *state.warning : "tor is starting";
    case tor_phase::bootstrapping:
      if (state.warning) return *state.warning;
      return "tor bootstrap " + std::to_string(state.progress) + "%: " + state.summary;
    case tor_phase::ready:
      return "tor is ready (bootstrap 100%)";
    case tor_phase::failed:
      return "tor failed: " + state.failure;
  }
  return "tor state unknown";
}

}  // namespace hrn::tor
