#include "hrn/dns/name.hpp"
#include "hrn/dns/errors.hpp"

#include <algorithm>
#include <array>

namespace hrn::dns {
namespace {

constexpr std::size_t max_labels = 127;  // 255 octets, 2 per shortest label, plus root
constexpr std::size_t max_pointer_hops = 127;

char fold(std::uint8_t c) {
  return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

error bad_name(std::string why) { return make_error(errc::bad_name, std::move(why)); }
error malformed(std::string why) { return make_error(errc::malformed, "domain name: " + std::move(why)); }

// Offsets of each label's length octet, leftmost first (root label excluded).
struct label_offsets {
  std::array<std::uint8_t, max_labels + 1> at{};
  std::size_t count = 0;
};

label_offsets offsets_of(byte_view wire) {
  label_offsets o;
  std::size_t p = 0;
  while (wire[p] != 0) {
    o.at[o.count++] = static_cast<std::uint8_t>(p);
    p += 1 + wire[p];
  }
  return o;
}

}  // namespace

name::name() : wire_(1, '\0') {}

result<name> name::from_text(std::string_view text) {
  if (text.empty()) return bad_name("empty name");
  if (text == ".") return name{};
  std::string wire;
  std::string label;
  auto flush = [&]() -> bool {
    if (label.empty() || label.size() > max_label_octets) return false;
    wire.push_back(static_cast<char>(label.size()));
    wire += label;
    label.clear();
    return true;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (!flush()) return bad_name("empty or over-long label (63 octets at most)");
      if (i + 1 == text.size()) break;  // trailing dot: fully qualified
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= text.size()) return bad_name("dangling backslash");
      char n = text[i + 1];
      if (n >= '0' && n <= '9') {
        if (i + 3 >= text.size()) return bad_name("short \\DDD escape");
        int v = 0;
        for (std::size_t k = 1; k <= 3; ++k) {
          char d = text[i + k];
          if (d < '0' || d > '9') return bad_name("bad \\DDD escape");
          v = v * 10 + (d - '0');
        }
        if (v > 255) return bad_name("\\DDD escape above 255");
        label.push_back(fold(static_cast<std::uint8_t>(v)));
        i += 3;
      } else {
        label.push_back(fold(static_cast<std::uint8_t>(n)));
        i += 1;
      }
      continue;
    }
    label.push_back(fold(static_cast<std::uint8_t>(c)));
  }
  if (!label.empty() && !flush()) return bad_name("over-long label (63 octets at most)");
  wire.push_back('\0');
  if (wire.size() > max_name_octets) return bad_name("name longer than 255 octets on the wire");
  return name{std::move(wire)};
}

result<name> name::from_wire(byte_view in, std::size_t& used) {
  std::string wire;
  std::size_t p = 0;
  for (;;) {
    if (p >= in.size()) return malformed("runs past the end of its data");
    std::uint8_t len = in[p];
    if ((len & 0xC0) != 0) return malformed("compression pointer or extended label where none is allowed");
    if (wire.size() + 1 + len > max_name_octets) return malformed("longer than 255 octets");
    if (len == 0) break;
    if (p + 1 + len > in.size()) return malformed("label runs past the end of its data");
    wire.push_back(static_cast<char>(len));
    for (std::size_t k = 0; k < len; ++k) wire.push_back(fold(in[p + 1 + k]));
    p += 1 + len;
  }
  wire.push_back('\0');
  used = p + 1;
  return name{std::move(wire)};
}

result<name> name::from_message(byte_view message, std::size_t& offset) {
  std::string wire;
  std::size_t p = offset;
  std::size_t end_in_place = 0;  // set at the first pointer
  std::size_t hops = 0;
  for (;;) {
    if (p >= message.size()) return malformed("runs past the end of the message");
    std::uint8_t len = message[p];
    if ((len & 0xC0) == 0xC0) {
      if (p + 1 >= message.size()) return malformed("truncated compression pointer");
      std::size_t target = (static_cast<std::size_t>(len & 0x3F) << 8) | message[p + 1];
      // RFC 1035 §4.1.4: a pointer refers to a *prior* occurrence. Requiring
      // every hop to go strictly backwards makes loops impossible; the hop
      // limit bounds the work on long backward chains. Names never start in
      // the 12-octet header.
      if (target >= p) return malformed("compression pointer does not point backwards");
      if (target < 12) return malformed("compression pointer into the header");
      if (++hops > max_pointer_hops) return malformed("too many compression pointers");
      if (end_in_place == 0) end_in_place = p + 2;
      p = target;
      continue;
    }
    if ((len & 0xC0) != 0) return malformed("extended label type (RFC 6891 §5)");
    if (wire.size() + 1 + len > max_name_octets) return malformed("longer than 255 octets");
    if (len == 0) break;
    if (p + 1 + len > message.size()) return malformed("label runs past the end of the message");
    wire.push_back(static_cast<char>(len));
    for (std::size_t k = 0; k < len; ++k) wire.push_back(fold(message[p + 1 + k]));
    p += 1 + len;
  }
  wire.push_back('\0');
  offset = end_in_place != 0 ? end_in_place : p + 1;
  return name{std::move(wire)};
}

std::string name::to_text() const {
  if (is_root()) return ".";
  std::string out;
  std::size_t p = 0;
  while (static_cast<std::uint8_t>(wire_[p]) != 0) {
    std::size_t len = static_cast<std::uint8_t>(wire_[p]);
    for (std::size_t k = 1; k <= len; ++k) {
      auto c = static_cast<std::uint8_t>(wire_[p + k]);
      if (c == '.' || c == '\\' || c == '"' || c == ';' || c == '(' || c == ')' || c == '@' ||
          c == '$') {
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
      } else if (c <= 0x20 || c >= 0x7F) {
        char buf[5] = {'\\', static_cast<char>('0' + c / 100), static_cast<char>('0' + c / 10 % 10),
                       static_cast<char>('0' + c % 10), 0};
        out += buf;
      } else {
        out.push_back(static_cast<char>(c));
      }
    }
    out.push_back('.');
    p += 1 + len;
  }
  return out;
}

std::size_t name::label_count() const { return offsets_of(wire()).count; }

bool name::is_wildcard() const { return wire_.size() >= 2 && wire_[0] == 1 && wire_[1] == '*'; }

std::size_t name::rrsig_label_count() const { return label_count() - (is_wildcard() ? 1 : 0); }

std::string_view name::label(std::size_t i) const {
  auto o = offsets_of(wire());
  assert(i < o.count);
  std::size_t p = o.at[i];
  return std::string_view(wire_).substr(p + 1, static_cast<std::uint8_t>(wire_[p]));
}

name name::parent() const {
  if (is_root()) return *this;
  return name{wire_.substr(1 + static_cast<std::uint8_t>(wire_[0]))};
}

name name::suffix(std::size_t labels) const {
  auto o = offsets_of(wire());
  if (labels >= o.count) return *this;
  if (labels == 0) return name{};
  return name{wire_.substr(o.at[o.count - labels])};
}

bool name::is_subdomain_of(const name& ancestor) const {
  if (ancestor.wire_.size() > wire_.size()) return false;
  auto o = offsets_of(wire());
  std::size_t want = ancestor.label_count();
  if (want > o.count) return false;
  std::size_t start = want == 0 ? wire_.size() - 1 : o.at[o.count - want];
  return std::string_view(wire_).substr(start) == ancestor.wire_;
}

result<name> name::prepend(std::string_view label) const {
  if (label.empty() || label.size() > max_label_octets) return bad_name("bad label length");
  if (wire_.size() + 1 + label.size() > max_name_octets) return bad_name("name longer than 255 octets");
  std::string w;
  w.push_back(static_cast<char>(label.size()));
  for (char c : label) w.push_back(fold(static_cast<std::uint8_t>(c)));
  w += wire_;
  return name{std::move(w)};
}

result<name> name::replace_suffix(const name& old_suffix, const name& new_suffix) const {
  if (!is_subdomain_of(old_suffix)) return bad_name("not below the suffix being replaced");
  std::size_t keep = wire_.size() - old_suffix.wire_.size();
  if (keep + new_suffix.wire_.size() > max_name_octets)
    return bad_name("substituted name longer than 255 octets (RFC 6672 §2.2)");
  return name{wire_.substr(0, keep) + new_suffix.wire_};
}

int canonical_compare(const name& a, const name& b) {
  // RFC 4034 §6.1: compare label by label from the right; each label as a
  // lower-cased octet string where absence sorts first.
  auto oa = offsets_of(a.wire());
  auto ob = offsets_of(b.wire());
  auto wa = a.wire();
  auto wb = b.wire();
  std::size_t n = std::min(oa.count, ob.count);
  for (std::size_t i = 1; i <= n; ++i) {
    std::size_t pa = oa.at[oa.count - i], pb = ob.at[ob.count - i];
    std::size_t la = wa[pa], lb = wb[pb];
    std::size_t m = std::min(la, lb);
    for (std::size_t k = 1; k <= m; ++k) {
      if (wa[pa + k] != wb[pb + k]) return wa[pa + k] < wb[pb + k] ? -1 : 1;
    }
    if (la != lb) return la < lb ? -1 : 1;
  }
  if (oa.count == ob.count) return 0;
  return oa.count < ob.count ? -1 : 1;
}

name common_ancestor(const name& a, const name& b) {
  std::size_t la = a.label_count(), lb = b.label_count();
  std::size_t n = std::min(la, lb);
  std::size_t common = 0;
  for (std::size_t i = 1; i <= n; ++i) {
    if (a.label(la - i) != b.label(lb - i)) break;
    common = i;
  }
  return a.suffix(common);
}

}  // namespace hrn::dns
