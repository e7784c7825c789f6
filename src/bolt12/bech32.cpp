// BOLT 12 "Encoding": bech32 characters without a checksum, `+` joins.
#include "hrn/bolt12/bech32.hpp"

#include <array>

#include "hrn/bolt12/errors.hpp"

namespace hrn::bolt12 {
namespace {

constexpr std::string_view charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

constexpr std::array<std::int8_t, 128> make_charset_values() {
  std::array<std::int8_t, 128> t{};
  for (auto& v : t) v = -1;
  for (std::size_t i = 0; i < charset.size(); ++i) {
    t[static_cast<unsigned char>(charset[i])] = static_cast<std::int8_t>(i);
  }
  return t;
}
constexpr auto charset_values = make_charset_values();

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char to_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// BOLT 12 asks for "a `+` followed by zero or more whitespace characters
// between two bech32 characters". The official vectors let a `+` split the
// prefix ("l+no1…"), so "bech32 character" here means any character a bech32
// string is made of (prefix, separator, data): an ASCII letter or digit.
// Whatever is not a valid prefix or data character is rejected afterwards.
bool is_bech32_char(char c) { return is_lower(c) || is_upper(c) || is_digit(c); }

// ASCII whitespace, as C's isspace() in the "C" locale.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

error encoding_error(std::string message) {
  return make_error(std::string(errc::bad_encoding), std::move(message));
}

std::string describe_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7f) return std::string("'") + c + "'";
  static constexpr char hex[] = "0123456789abcdef";
  return std::string("byte 0x") + hex[u >> 4] + hex[u & 0x0f];
}

// Removes the `+` joins, checking where `+` and whitespace may appear.
// Returns the compact string, or an error naming the first bad position.
result<std::string> remove_joins(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (is_bech32_char(c)) {
      out.push_back(c);
      ++i;
      continue;
    }
    if (c == '+') {
      if (out.empty() || !is_bech32_char(text[i - 1])) {
        return encoding_error("'+' at position " + std::to_string(i) +
                              " does not follow a bech32 character");
      }
      std::size_t j = i + 1;
      while (j < text.size() && is_space(text[j])) ++j;
      if (j == text.size() || !is_bech32_char(text[j])) {
        return encoding_error("'+' at position " + std::to_string(i) +
                              " is not followed by a bech32 character");
      }
      i = j;
      continue;
    }
    if (is_space(c)) {
      return encoding_error("whitespace at position " + std::to_string(i) +
                            " (whitespace is allowed only after a '+')");
    }
    return encoding_error(describe_char(c) + " at position " + std::to_string(i) +
                          " is not a bech32 character");
  }
  return out;
}

// What a known prefix is, for the bad_hrp message.
std::string_view prefix_hint(std::string_view hrp) {
  if (hrp == "lno") return " (an offer)";
  if (hrp == "lnr") return " (an invoice request)";
  if (hrp == "lni") return " (an invoice)";
  if (hrp.substr(0, 2) == "ln") return " (a BOLT 11 invoice?)";
  return "";
}

}  // namespace

result<bolt12_string> decode_bolt12_string(std::string_view text, std::string_view expected_hrp) {
  if (text.empty()) return encoding_error("empty string");

  // BOLT 12: "MUST handle strings which are all lowercase, or all uppercase".
  bool upper = false, lower = false;
  for (char c : text) {
    upper = upper || is_upper(c);
    lower = lower || is_lower(c);
  }
  if (upper && lower) {
    return make_error(std::string(errc::mixed_case),
                      "the string mixes upper- and lower-case letters");
  }

  auto joined = remove_joins(text);
  if (!joined) return std::move(joined).err();
  const std::string& s = *joined;

  // bech32 (BIP 173): the separator is the last '1'; '1' is not a data character.
  auto sep = s.rfind('1');
  if (sep == std::string::npos) return encoding_error("no '1' separator after the prefix");
  if (sep == 0) return encoding_error("empty prefix before the '1' separator");

  bolt12_string out;
  out.hrp.reserve(sep);
  for (std::size_t i = 0; i < sep; ++i) out.hrp.push_back(to_lower(s[i]));
  if (!expected_hrp.empty() && out.hrp != expected_hrp) {
    // The prefix is untrusted input: quote at most 16 characters of it.
    std::string shown = out.hrp.size() > 16 ? out.hrp.substr(0, 16) + "..." : out.hrp;
    return make_error(std::string(errc::bad_hrp), "prefix '" + shown + "'" +
                                                      std::string(prefix_hint(out.hrp)) + " is not '" +
                                                      std::string(expected_hrp) + "'" +
                                                      std::string(prefix_hint(expected_hrp)));
  }

  const std::size_t groups = s.size() - sep - 1;
  out.data.reserve(groups * 5 / 8);
  std::uint32_t acc = 0;
  unsigned bits = 0;
  for (std::size_t i = sep + 1; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(to_lower(s[i]));
    int v = c < 128 ? charset_values[c] : -1;
    if (v < 0) {
      return encoding_error(describe_char(s[i]) + " after the separator is not a bech32 data character");
    }
    acc = (acc << 5 | static_cast<std::uint32_t>(v)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.data.push_back(static_cast<std::uint8_t>(acc >> bits));
    }
  }
  // The bits left over are padding: at most 4 of them, all zero (BIP 173
  // "Any incomplete group at the end MUST be 4 bits or less, MUST be all
  // zeroes"); the offers vector "Bech32 padding exceeds 4-bit limit" is invalid.
  if (bits > 4) {
    return encoding_error(std::to_string(bits) + " padding bits at the end (at most 4 allowed)");
  }
  if ((acc & ((1u << bits) - 1)) != 0) return encoding_error("non-zero padding bits at the end");
  return out;
}

std::string encode_bolt12_string(std::string_view hrp, byte_view data) {
  std::string out;
  out.reserve(hrp.size() + 1 + (data.size() * 8 + 4) / 5);
  for (char c : hrp) out.push_back(to_lower(c));
  out.push_back('1');
  std::uint32_t acc = 0;
  unsigned bits = 0;
  for (auto b : data) {
    acc = (acc << 8 | b) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(charset[(acc >> bits) & 31]);
    }
  }
  if (bits > 0) out.push_back(charset[(acc << (5 - bits)) & 31]);
  return out;
}

}  // namespace hrn::bolt12
