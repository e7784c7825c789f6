#pragma once
// The pure half of the tor control-port client: reply framing and the values
// inside replies (torspec control-spec.txt §2.3 replies, §2.4 CmdData, §2.1.1
// quoted strings, §3 per-command reply formats, §4.1 events). Bytes in, values
// or errors out: no Asio, no OpenSSL, no logging, so the fuzz project builds it
// with clang (tests/fuzz/control_reply.cpp).
//
// Error codes (hrn::error::code):
//   tor_control_protocol  the bytes are not a control-port reply (bad framing,
//                         an oversized reply, a value that does not parse)
//   tor_control_error     tor answered 4xx/5xx (the message carries tor's text),
//                         or a 2xx reply lacks what the command must return
//   tor_auth_failed       tor answered 514/515 (authentication)

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hrn/util/result.hpp"

namespace hrn::tor {

// One reply line: "250-text" (mid), "250 text" (end) or "250+text" followed by
// a data block (§2.3 DataReplyLine).
struct control_line {
  int status = 0;    // the 3-digit code
  char kind = ' ';   // '-' mid line, '+' data line, ' ' end line
  std::string text;  // after the separator, without the line ending
  // '+' lines only: the data block with dot-stuffing undone (§2.4 CmdData);
  // every data line is followed by '\n', so "" means no lines at all.
  std::string data;
  friend bool operator==(const control_line&, const control_line&) = default;
};

// A whole reply: zero or more mid/data lines, then exactly one end line.
struct control_reply {
  int status = 0;                   // the end line's code
  std::vector<control_line> lines;  // never empty once complete; back() is the end line

  bool is_event() const { return status / 100 == 6; }    // §4: 6yz asynchronous
  bool is_success() const { return status / 100 == 2; }  // §4: 2yz positive
  std::string_view end_text() const;
  friend bool operator==(const control_reply&, const control_reply&) = default;
};

inline constexpr std::size_t default_max_control_reply_bytes = 4u << 20;
inline constexpr std::size_t max_control_reply_lines = 4096;

// Cuts a byte stream into replies. The spec puts no limit on line length
// (§2.1); we do, because the bytes come from a socket: a reply over
// `max_reply_bytes` or max_control_reply_lines lines is a protocol error.
// After an error the reader keeps returning it: the stream cannot be resynced.
class control_reply_reader {
 public:
  explicit control_reply_reader(std::size_t max_reply_bytes = default_max_control_reply_bytes);

  // Appends received bytes; parsing happens in next().
  void feed(std::string_view bytes);
  // The next complete reply, nullopt when more bytes are needed.
  result<std::optional<control_reply>> next();
  // Bytes fed but not yet part of a returned reply.
  std::size_t buffered() const { return buffer_.size() - pos_; }

 private:
  std::size_t max_bytes_;
  std::string buffer_;
  std::size_t pos_ = 0;
  control_reply current_;
  std::size_t current_bytes_ = 0;
  bool in_data_ = false;
  std::optional<error> failed_;
};

// The bytes tor would send for `reply` (CRLF endings, data blocks dot-stuffed
// and terminated). Lets tests play tor, and lets the fuzzer check that
// parse(serialize(r)) == r.
std::string serialize_control_reply(const control_reply& reply);

// §2.1.1: reads a quoted string starting at text[pos] == '"' with tor's
// CString escapes (\n \t \r, octal \0..\377, backslash + any other character
// is that character); on success `pos` is just past the closing quote.
result<std::string> parse_quoted_string(std::string_view text, std::size_t& pos);
// QuotedString for a value we send (§2.1: backslash and quote escaped). The
// caller must refuse CR, LF and NUL first: they would end the command line.
std::string quote_string(std::string_view raw);

// The words of a reply line or event: bare words and quoted strings in order,
// and KEY=VALUE pairs (VALUE bare up to the next space, or a quoted string).
// A word is a key only if what precedes '=' is 1*(ALNUM / "_" / "-" / "/" / "."),
// so "$FINGERPRINT=nick" (§2.4 old LongName) stays a bare word.
struct control_arguments {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> named;
  // The first value of `key`, compared without regard to ASCII case.
  const std::string* find(std::string_view key) const;
};
result<control_arguments> parse_control_arguments(std::string_view text);

// §3.21 PROTOCOLINFO.
struct protocol_info {
  std::vector<std::string> auth_methods;  // as tor spells them; unknown ones kept
  std::string cookie_file;                // "" when tor names none
  std::string tor_version;                // "" when tor does not say
  bool offers(std::string_view method) const;
};
result<protocol_info> parse_protocol_info(const control_reply& reply);

// §3.24 AUTHCHALLENGE: "250 AUTHCHALLENGE SERVERHASH=<64 hex> SERVERNONCE=<64 hex>".
struct auth_challenge {
  std::array<std::uint8_t, 32> server_hash{};
  std::array<std::uint8_t, 32> server_nonce{};
};
result<auth_challenge> parse_auth_challenge(const control_reply& reply);

// §3.9 GETINFO: "250-key=value" and "250+key=" data lines, in reply order.
// A data value is returned as received (each line followed by '\n').
result<std::vector<std::pair<std::string, std::string>>> parse_getinfo(const control_reply& reply);

// §4.1.10 STATUS_CLIENT BOOTSTRAP, as found both in GETINFO
// status/bootstrap-phase ("NOTICE BOOTSTRAP PROGRESS=…") and in the event
// ("650 STATUS_CLIENT WARN BOOTSTRAP …").
struct bootstrap_phase {
  bool problem = false;  // severity WARN or ERR: tor reports a bootstrap problem
  int progress = 0;      // 0..100
  std::string tag;       // §5.5 phase tag, e.g. "handshake"
  std::string summary;   // what tor is doing next, e.g. "Handshaking with a relay"
  std::optional<std::string> warning;  // human-readable; do not match on it (§4.1.10)
  std::string reason;                  // ORCONN reason keyword, e.g. "NOROUTE"
  std::string recommendation;          // "ignore" or "warn"
  int count = 0;                       // problems so far at this phase
  std::string host_addr;               // address:port tor tried last, when given
  friend bool operator==(const bootstrap_phase&, const bootstrap_phase&) = default;
};
result<bootstrap_phase> parse_bootstrap_phase(std::string_view text);
// nullopt when `event` is another event than STATUS_CLIENT … BOOTSTRAP.
std::optional<bootstrap_phase> parse_bootstrap_event(const control_reply& event);

// §3.27 ADD_ONION reply.
struct added_onion {
  std::string service_id;                  // the address without ".onion"
  std::optional<std::string> private_key;  // "ED25519-V3:<base64>" for NEW keys
};
result<added_onion> parse_add_onion(const control_reply& reply);

// §4.1.25 HS_DESC; nullopt when `event` is another event.
struct hs_desc_event {
  std::string action;     // REQUESTED, UPLOAD, UPLOADED, RECEIVED, FAILED, …
  std::string address;    // service id, or "UNKNOWN"
  std::string auth_type;
  std::string hs_dir;
  std::string reason;     // FAILED only
};
std::optional<hs_desc_event> parse_hs_desc_event(const control_reply& event);

// A v3 service id: 56 characters of lower-case base32 (rend-spec-v3 §6).
bool is_v3_service_id(std::string_view id);
// "ED25519-V3:" + the 64-byte expanded key in base64 (§3.27 KeyBlob): the
// only key form we keep, and one that cannot smuggle a space or line break
// into the ADD_ONION command line.
bool is_ed25519_v3_key(std::string_view key);

// The error for a non-2xx reply to `command` (the keyword only: arguments may
// be secrets). 514/515 give tor_auth_failed, anything else tor_control_error.
error control_reply_error(const control_reply& reply, std::string_view command);

}  // namespace hrn::tor
