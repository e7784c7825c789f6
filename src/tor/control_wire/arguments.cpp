// Words, KEY=VALUE pairs and quoted strings inside reply lines
// (control-spec §2.1 QuotedString, §2.1.1 the CString escaping tor uses).
#include <string>

#include "hrn/tor/control_wire.hpp"
#include "hrn/tor/errors.hpp"

namespace hrn::tor {
namespace {

error protocol_error(std::string what) {
  return make_error(tor::errc::tor_control_protocol, "the control port sent " + what);
}

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '/' || c == '.';
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace

result<std::string> parse_quoted_string(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '"') return protocol_error("a value without its opening quote");
  std::string out;
  std::size_t i = pos + 1;
  while (i < text.size()) {
    const char c = text[i++];
    if (c == '"') {
      pos = i;
      return out;
    }
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i >= text.size()) break;
    const char e = text[i++];
    // §2.1.1: read \n \t \r and \0 … \377 as C escapes, and a backslash before
    // any other character as that character.
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      default:
        if (e >= '0' && e <= '7') {
          // Up to three octal digits, never above \377.
          int value = e - '0';
          const int max_digits = e <= '3' ? 3 : 2;
          for (int d = 1; d < max_digits && i < text.size() && text[i] >= '0' && text[i] <= '7'; ++d)
            value = value * 8 + (text[i++] - '0');
          out.push_back(static_cast<char>(static_cast<unsigned char>(value)));
        } else {
          out.push_back(e);
        }
    }
  }
  return protocol_error("a quoted string without its closing quote");
}

std::string quote_string(std::string_view raw) {
  std::string out = "\"";
  for (char c : raw) {
    if (c == '\\' || c == '"') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

const std::string* control_arguments::find(std::string_view key) const {
  for (const auto& [k, v] : named)
    if (equal_ignoring_case(k, key)) return &v;
  return nullptr;
}

result<control_arguments> parse_control_arguments(std::string_view text) {
  control_arguments args;
  std::size_t i = 0;
  // After a quoted string the word must end: "a"b is not two words.
  auto word_ended = [&] { return i >= text.size() || text[i] == ' '; };
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    if (text[i] == '"') {
      auto value = parse_quoted_string(text, i);
      if (!value) return std::move(value).err();
      if (!word_ended()) return protocol_error("text glued to the end of a quoted string");
      args.positional.push_back(std::move(*value));
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && is_key_char(text[i])) ++i;
    if (i > start && i < text.size() && text[i] == '=') {
      std::string key(text.substr(start, i - start));
      ++i;
      if (i < text.size() && text[i] == '"') {
        auto value = parse_quoted_string(text, i);
        if (!value) return std::move(value).err();
        if (!word_ended()) return protocol_error("text glued to the end of a quoted string");
        args.named.emplace_back(std::move(key), std::move(*value));
      } else {
        const std::size_t value_start = i;
        while (i < text.size() && text[i] != ' ') ++i;
        args.named.emplace_back(std::move(key), std::string(text.substr(value_start, i - value_start)));
      }
      continue;
    }
    while (i < text.size() && text[i] != ' ') ++i;
    args.positional.emplace_back(text.substr(start, i - start));
  }
  return args;
}

}  // namespace hrn::tor
