// Reply framing (control-spec §2.3, §2.4): lines of "NNN" + '-', ' ' or '+',
// data blocks after '+' lines ending with a lone ".", one end line per reply.
#include <string>

#include "hrn/tor/control_wire.hpp"
#include "hrn/tor/errors.hpp"

namespace hrn::tor {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

error protocol_error(std::string what) {
  return make_error(tor::errc::tor_control_protocol,
                    "the control port sent " + what + "; is it tor's ControlPort?");
}

}  // namespace

std::string_view control_reply::end_text() const {
  return lines.empty() ? std::string_view{} : std::string_view(lines.back().text);
}

control_reply_reader::control_reply_reader(std::size_t max_reply_bytes)
    : max_bytes_(max_reply_bytes) {}

void control_reply_reader::feed(std::string_view bytes) {
  if (failed_) return;
  // Compact before growing, so the buffer holds at most one partial reply
  // plus what was just received.
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    pos_ = 0;
  }
  buffer_.append(bytes);
}

result<std::optional<control_reply>> control_reply_reader::next() {
  if (failed_) return *failed_;
  auto fail = [this](error e) -> result<std::optional<control_reply>> {
    failed_ = e;
    buffer_.clear();
    pos_ = 0;
    return e;
  };
  for (;;) {
    const auto nl = buffer_.find('\n', pos_);
    if (nl == std::string::npos) {
      if (current_bytes_ + (buffer_.size() - pos_) > max_bytes_)
        return fail(protocol_error("a reply over " + std::to_string(max_bytes_) + " octets"));
      return std::optional<control_reply>{};
    }
    std::string_view line(buffer_.data() + pos_, nl - pos_);
    pos_ = nl + 1;
    current_bytes_ += line.size() + 1;
    if (current_bytes_ > max_bytes_)
      return fail(protocol_error("a reply over " + std::to_string(max_bytes_) + " octets"));
    // Tor MUST send CRLF (§2.1); a bare LF is accepted as well.
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (in_data_) {
      // §2.4: the block ends at a line holding only "."; a leading "." on any
      // other line is an escape (RFC 2821 §4.5.2) and is dropped.
      if (line == ".") {
        in_data_ = false;
        continue;
      }
      if (!line.empty() && line.front() == '.') line.remove_prefix(1);
      auto& data = current_.lines.back().data;
      data.append(line);
      data.push_back('\n');
      continue;
    }

    if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2]))
      return fail(protocol_error("a line that does not start with a 3-digit status code"));
    const char kind = line.size() == 3 ? ' ' : line[3];
    if (kind != ' ' && kind != '-' && kind != '+')
      return fail(protocol_error("a status code followed by neither ' ', '-' nor '+'"));
    if (current_.lines.size() >= max_control_reply_lines)
      return fail(protocol_error("a reply of more than " +
                                 std::to_string(max_control_reply_lines) + " lines"));
    control_line parsed;
    parsed.status = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    parsed.kind = kind;
    if (line.size() > 4) parsed.text.assign(line.substr(4));
    current_.lines.push_back(std::move(parsed));
    if (kind == '+') in_data_ = true;
    if (kind != ' ') continue;

    // §2.3: lines of one reply share a code; the end line's is the reply's.
    current_.status = current_.lines.back().status;
    control_reply done = std::move(current_);
    current_ = control_reply{};
    current_bytes_ = 0;
    return std::optional<control_reply>(std::move(done));
  }
}

std::string serialize_control_reply(const control_reply& reply) {
  std::string out;
  for (const auto& line : reply.lines) {
    const int code = line.status < 0 ? 0 : line.status % 1000;
    out.push_back(static_cast<char>('0' + code / 100));
    out.push_back(static_cast<char>('0' + code / 10 % 10));
    out.push_back(static_cast<char>('0' + code % 10));
    out.push_back(line.kind);
    out.append(line.text);
    out.append("\r\n");
    if (line.kind != '+') continue;
    std::string_view data(line.data);
    while (!data.empty()) {
      const auto nl = data.find('\n');
      const auto piece = data.substr(0, nl);
      if (!piece.empty() && piece.front() == '.') out.push_back('.');
      out.append(piece);
      out.append("\r\n");
      data.remove_prefix(nl == std::string_view::npos ? data.size() : nl + 1);
    }
    out.append(".\r\n");
  }
  return out;
}

}  // namespace hrn::tor
