// Fuzzes the tor control-port reply reader (control_wire.hpp) and every value
// parser on its replies. The first byte chooses how the stream is cut into
// reads, the rest is what the "control port" sent. Beyond "no crash, no UB"
// it checks what the client relies on: a reply has exactly one end line, its
// status is that line's, text never holds a line break, parse(serialize(r))
// == r, parsed values keep their promises, and quoting round-trips.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "hrn/tor/control_wire.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

void check_values(const hrn::tor::control_reply& r) {
  using namespace hrn::tor;
  if (auto pi = parse_protocol_info(r); pi) require(!pi->auth_methods.empty());
  (void)parse_auth_challenge(r);
  if (auto values = parse_getinfo(r); values)
    for (const auto& [k, v] : *values) require(!k.empty());
  if (auto added = parse_add_onion(r); added) {
    require(is_v3_service_id(added->service_id));
    require(!added->private_key || is_ed25519_v3_key(*added->private_key));
  }
  (void)parse_hs_desc_event(r);
  if (auto phase = parse_bootstrap_event(r); phase) require(phase->progress >= 0 && phase->progress <= 100);
  if (!r.is_success()) {
    const auto e = control_reply_error(r, "GETINFO");
    require(e.code == "tor_control_error" || e.code == "tor_auth_failed");
  }
  for (const auto& line : r.lines) {
    auto args = parse_control_arguments(line.text);
    if (!args) continue;
    for (const auto& [k, v] : args->named) {
      const std::string q = quote_string(v);
      std::size_t pos = 0;
      auto back = parse_quoted_string(q, pos);
      require(back.ok() && *back == v && pos == q.size());
    }
  }
}

void check_reply(const hrn::tor::control_reply& r) {
  require(!r.lines.empty());
  require(r.lines.back().kind == ' ');
  require(r.status == r.lines.back().status);
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const auto& l = r.lines[i];
    require(l.status >= 0 && l.status <= 999);
    require(i + 1 == r.lines.size() || l.kind == '-' || l.kind == '+');
    require(l.text.find('\n') == std::string::npos);
    require(l.kind == '+' || l.data.empty());
    require(l.data.empty() || l.data.back() == '\n');
  }
  hrn::tor::control_reply_reader again;
  again.feed(hrn::tor::serialize_control_reply(r));
  auto reparsed = again.next();
  require(reparsed.ok() && reparsed->has_value() && **reparsed == r);
  require(again.buffered() == 0);
  check_values(r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t step = 1 + data[0] % 64;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  hrn::tor::control_reply_reader reader(64 * 1024);
  for (std::size_t i = 0; i < input.size(); i += step) {
    reader.feed(input.substr(i, step));
    for (;;) {
      auto next = reader.next();
      if (!next) {
        require(next.err().code == "tor_control_protocol" && !next.err().message.empty());
        return 0;
      }
      if (!*next) break;
      check_reply(**next);
    }
  }
  return 0;
}
