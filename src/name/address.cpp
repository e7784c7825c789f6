#include "hrn/name/address.hpp"

#include <string>

#include "labels.hpp"
#include "text.hpp"

namespace hrn::name {
namespace {

using detail::part;
using detail::part_context;

error fail(std::string_view code, std::string message) {
  return make_error(std::string(code), std::move(message));
}

std::u32string_view trim(std::u32string_view s) {
  while (!s.empty() && detail::is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && detail::is_space(s.back())) s.remove_suffix(1);
  return s;
}

result<std::string> parse_short_code(std::u32string_view code) {
  if (code.empty())
    return fail(errc::bad_short_code,
                "'#' must be followed by a short code of 1 to 16 letters or digits; type the "
                "code or leave out the '#'");
  std::string out;
  for (char32_t cp : code) {
    if (!detail::is_ascii_alnum(cp))
      return fail(errc::bad_short_code, "the short code may have only ASCII letters and digits (" +
                                            detail::describe(cp) + " is not one)");
    out.push_back(detail::to_lower_ascii(static_cast<char>(cp)));
  }
  if (out.size() > max_short_code_chars)
    return fail(errc::bad_short_code, "the short code has " + std::to_string(out.size()) +
                                          " characters; at most " +
                                          std::to_string(max_short_code_chars) + " are allowed");
  return out;
}

// The text between the separator and '#', and what surrounds it.
struct pieces_t {
  std::u32string_view user, domain, code;
  bool has_code = false;
  char32_t separator = U'@';
};

result<pieces_t> split(std::u32string_view text) {
  pieces_t p;
  // '@' wins over '*': a '*' is only the keypad's stand-in for a missing '@'.
  auto at = text.find(U'@');
  if (at == std::u32string_view::npos) {
    p.separator = U'*';
    at = text.find(U'*');
  }
  if (at == std::u32string_view::npos)
    return fail(errc::no_separator,
                "put '@' between user and domain, like alice@example.com (on a phone keypad "
                "'*' works too: ALICE*EXAMPLE.COM)");
  p.user = text.substr(0, at);
  p.domain = text.substr(at + 1);
  const auto hash = p.domain.find(U'#');
  if (hash != std::u32string_view::npos) {
    p.has_code = true;
    p.code = p.domain.substr(hash + 1);
    p.domain = p.domain.substr(0, hash);
  }
  // "example.com." is the fully qualified spelling of the same domain.
  if (!p.domain.empty() && p.domain.back() == U'.') p.domain.remove_suffix(1);
  return p;
}

}  // namespace

result<address> parse(std::string_view input) {
  // Bounded before any work, so an attacker's megabyte costs nothing.
  if (input.size() > max_input_bytes)
    return fail(errc::name_too_long, "the input is longer than " +
                                         std::to_string(max_input_bytes) +
                                         " bytes; no valid name is that long");
  auto decoded = detail::decode_utf8(input);
  if (!decoded) return fail(errc::bad_character, "the name is not valid UTF-8 text");
  for (char32_t& cp : *decoded) cp = detail::fold_width(cp);

  std::u32string_view text = trim(*decoded);
  if (text.empty()) return fail(errc::empty, "the name is empty; type one like alice@example.com");
  if (text.front() == detail::bitcoin_sign) {
    text.remove_prefix(1);
    if (text.empty())
      return fail(errc::empty, "nothing follows the ₿; type a name like ₿alice@example.com");
  }

  auto pieces = split(text);
  if (!pieces) return std::move(pieces).err();
  const part_context user_ctx{part::user, pieces->separator};
  const part_context domain_ctx{part::domain, pieces->separator};

  auto user = detail::normalise_labels(pieces->user, user_ctx);
  if (!user) return std::move(user).err();
  auto domain = detail::normalise_labels(pieces->domain, domain_ctx);
  if (!domain) return std::move(domain).err();
  // A bare "alice@localhost" is a typo or a local name, never a payee's zone:
  // BIP 353 names live under a registered domain.
  if (domain->find('.') == std::string::npos)
    return fail(errc::single_label_domain, "the domain needs at least two labels, like example.com");
  address a;
  a.user = std::move(user).value();
  a.domain = std::move(domain).value();

  const auto wire = dns_name_wire_octets(a.user.size(), a.domain.size());
  if (wire > max_wire_octets)
    return fail(errc::name_too_long,
                "the DNS name would be " + std::to_string(wire) + " octets, at most " +
                    std::to_string(max_wire_octets) + " fit; user and domain together may have " +
                    std::to_string(max_user_domain_chars) + " characters, these have " +
                    std::to_string(a.user.size() + a.domain.size()));

  if (pieces->has_code) {
    auto code = parse_short_code(pieces->code);
    if (!code) return std::move(code).err();
    a.short_code = std::move(code).value();
  }
  a.idn = detail::has_a_label(a.user) || detail::has_a_label(a.domain);
  return a;
}

std::string address::dns_name() const { return user + ".user._bitcoin-payment." + domain + "."; }

std::string address::text() const { return user + "@" + domain; }

std::string address::display() const { return "\u20BF" + user + "@" + domain; }

}  // namespace hrn::name
