#include "hrn/dns/trust_anchor.hpp"
#include "hrn/dns/errors.hpp"

#include <cctype>
#include <charconv>

#include "hrn/util/bytes.hpp"

namespace hrn::dns {
namespace {

error bad(std::size_t line, std::string why) {
  return make_error(errc::bad_trust_anchor, "trust anchor line " + std::to_string(line) + ": " + why);
}

template <class T>
bool number(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

result<trust_anchor> parse_entry(const std::vector<std::string>& t, std::size_t line) {
  std::size_t i = 0;
  if (t.size() < 6) return bad(line, "expected: OWNER [TTL] [CLASS] DS KEYTAG ALGORITHM DIGESTTYPE DIGEST");
  auto owner = name::from_text(t[i++]);
  if (!owner) return bad(line, owner.err().message);
  for (int k = 0; k < 2 && i < t.size(); ++k) {  // optional TTL and class, either order
    if (all_digits(t[i]) || iequals(t[i], "IN")) ++i;
  }
  if (i >= t.size() || !iequals(t[i], "DS")) return bad(line, "only DS records can be trust anchors");
  ++i;
  if (t.size() < i + 4) return bad(line, "DS needs key tag, algorithm, digest type and digest");
  trust_anchor a{std::move(*owner), {}};
  if (!number(t[i], a.ds.key_tag)) return bad(line, "bad key tag");
  if (!number(t[i + 1], a.ds.algorithm)) return bad(line, "bad algorithm number");
  if (!number(t[i + 2], a.ds.digest_type)) return bad(line, "bad digest type");
  std::string hex;
  for (std::size_t k = i + 3; k < t.size(); ++k) hex += t[k];
  auto digest = from_hex(hex);
  if (!digest || digest->empty()) return bad(line, "digest is not hex");
  std::size_t want = a.ds.digest_type == 1 ? 20 : a.ds.digest_type == 2 ? 32 : a.ds.digest_type == 4 ? 48 : 0;
  if (want != 0 && digest->size() != want) return bad(line, "digest length does not fit its type");
  a.ds.digest = std::move(*digest);
  return a;
}

}  // namespace

std::vector<trust_anchor> builtin_root_anchors() {
  // Checked against tests/vectors/dnssec/root-trust-anchors.txt (IANA).
  auto ds = [](std::uint16_t tag, const char* hex) {
    return trust_anchor{name{}, ds_rdata{tag, 8, 2, from_hex(hex).value()}};
  };
  return {ds(20326, "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"),
          ds(38696, "683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16")};
}

result<std::vector<trust_anchor>> parse_trust_anchors(std::string_view text) {
  std::vector<trust_anchor> out;
  std::vector<std::string> tokens;
  std::string tok;
  int depth = 0;
  std::size_t line = 1, entry_line = 1;
  auto end_token = [&] {
    if (!tok.empty()) tokens.push_back(std::move(tok));
    tok.clear();
  };
  auto end_entry = [&]() -> status {
    end_token();
    if (tokens.empty()) return ok_status();
    if (out.size() >= 64) return bad(entry_line, "more than 64 trust anchors");
    auto a = parse_entry(tokens, entry_line);
    if (!a) return a.err();
    out.push_back(std::move(*a));
    tokens.clear();
    return ok_status();
  };
  for (std::size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : '\n';
    if (c == ';') {
      while (i < text.size() && text[i] != '\n') ++i;
      c = '\n';
    }
    if (c == '\n' || i == text.size()) {
      if (depth == 0) {
        if (auto s = end_entry(); !s) return s.err();
        entry_line = line + 1;
      } else {
        end_token();
      }
      ++line;
      continue;
    }
    if (c == '(') { end_token(); ++depth; continue; }
    if (c == ')') {
      end_token();
      if (--depth < 0) return bad(line, "unbalanced ')'");
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) { end_token(); continue; }
    if (tokens.empty() && tok.empty()) entry_line = line;
    tok.push_back(c);
  }
  if (depth != 0) return bad(line, "unbalanced '('");
  if (out.empty()) return make_error(errc::bad_trust_anchor, "no DS record found in the trust anchor file");
  return out;
}

}  // namespace hrn::dns
