#pragma once
// Domain names in DNS wire form (RFC 1035 §3.1), always stored in the
// canonical form of RFC 4034 §6.2: uncompressed, US-ASCII letters lower-cased.
// DNS name comparison is case-insensitive (RFC 4343), so nothing is lost for
// our purposes by folding at parse time. Pure: no I/O.
//
// Error codes: bad_name (text input), malformed (wire input).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hrn/util/bytes.hpp"
#include "hrn/util/result.hpp"

namespace hrn::dns {

inline constexpr std::size_t max_name_octets = 255;  // RFC 1035 §3.1, incl. root label
inline constexpr std::size_t max_label_octets = 63;  // RFC 1035 §2.3.4

class name {
 public:
  name();  // the root, "."

  // Presentation form: "a.example.com", "a.example.com." or "." (always taken
  // as fully qualified). Supports RFC 1035 §5.1 escapes "\." "\\" and "\DDD".
  static result<name> from_text(std::string_view text);
  // An uncompressed wire name at the start of `in`; `used` gets its length.
  // Compression pointers are rejected (RFC 9102 chains and RDATA of DNSSEC
  // types carry none: RFC 4034 §3.1.7, §4.1.1; RFC 3597 §4).
  static result<name> from_wire(byte_view in, std::size_t& used);
  // A possibly compressed name inside a whole DNS message, starting at
  // `offset`; `offset` is advanced past the name's in-place octets.
  static result<name> from_message(byte_view message, std::size_t& offset);

  byte_view wire() const { return as_bytes(wire_); }
  std::size_t wire_size() const { return wire_.size(); }
  // Presentation form with the trailing dot ("." for the root).
  std::string to_text() const;

  bool is_root() const { return wire_.size() == 1; }
  std::size_t label_count() const;  // the root has 0
  // RFC 4034 §3.1.3: the RRSIG Labels value for this owner (a leading "*" is not counted).
  std::size_t rrsig_label_count() const;
  bool is_wildcard() const;  // first label is "*"
  // Label i, counted from the left (0 = leftmost).
  std::string_view label(std::size_t i) const;

  name parent() const;  // parent of the root is the root
  // The rightmost `labels` labels (suffix(0) is the root).
  name suffix(std::size_t labels) const;
  // True if this name equals `ancestor` or is below it.
  bool is_subdomain_of(const name& ancestor) const;
  // `label` + "." + this name ("*" for wildcards); fails if the result is too long.
  result<name> prepend(std::string_view label) const;
  // The labels of this name above `old_suffix` moved onto `new_suffix` (DNAME
  // substitution, RFC 6672 §2.2). This name must be below `old_suffix`.
  result<name> replace_suffix(const name& old_suffix, const name& new_suffix) const;

  friend bool operator==(const name&, const name&) = default;

 private:
  explicit name(std::string wire) : wire_(std::move(wire)) {}
  std::string wire_;  // canonical wire form, ends with the 0 root label
};

// RFC 4034 §6.1 canonical ordering: <0, 0 or >0.
int canonical_compare(const name& a, const name& b);
// The longest name that both are subdomains of.
name common_ancestor(const name& a, const name& b);

struct canonical_less {
  bool operator()(const name& a, const name& b) const { return canonical_compare(a, b) < 0; }
};

}  // namespace hrn::dns
