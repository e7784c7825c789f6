#include "labels.hpp"

#include <string>

#include "hrn/name/address.hpp"
#include "idna.hpp"
#include "text.hpp"

namespace hrn::name::detail {
namespace {

std::string_view part_name(part p) { return p == part::user ? "the user" : "the domain"; }

std::string label_ref(part_context ctx, std::size_t index) {
  return "label " + std::to_string(index) + " of " + std::string(part_name(ctx.where));
}

// BOLT 12's invreq_bip_353_name set, minus '.', which separates labels.
bool is_label_ascii(char32_t cp) { return is_ascii_alnum(cp) || cp == U'-' || cp == U'_'; }

// Says what to do about one character that can never be part of a label.
error bad_character(char32_t cp, part_context ctx) {
  const std::string where(part_name(ctx.where));
  std::string msg;
  if (is_space(cp)) {
    msg = "remove the white space (" + describe(cp) + ") inside " + where + ": a name has no spaces";
  } else if (is_control(cp)) {
    msg = "the control character " + describe(cp) + " is not allowed in a name";
  } else if (cp == bitcoin_sign) {
    msg = "the ₿ sign may appear only once, at the very start";
  } else if (cp == U'@') {
    msg = "only one '@' is allowed; remove the extra '@' from " + where;
  } else if (cp == U'*' && ctx.separator == U'@') {
    msg = "'*' stands for '@' only in names without '@'; remove the '*' from " + where;
  } else if (cp == U'*') {
    msg = "only one '*' may stand for '@'; remove the extra '*' from " + where;
  } else if (cp == U'#') {
    msg = "'#' starts the short code, which goes at the end, like alice@example.com#1234";
  } else if (cp == U'%') {
    msg = "percent-encoding is not decoded: type the character itself instead of '%' and hex digits";
  } else {
    msg = "the character " + describe(cp) + " is not allowed in " + where +
          "; use letters, digits, '-', '_' and '.'";
  }
  return make_error(std::string(errc::bad_character), std::move(msg));
}

error too_long(part_context ctx, std::size_t index, std::size_t octets) {
  return make_error(std::string(errc::label_too_long),
                    label_ref(ctx, index) + " has " + std::to_string(octets) +
                        " octets; a DNS label may have at most " +
                        std::to_string(max_label_octets));
}

error too_long_converted(part_context ctx, std::size_t index) {
  return make_error(std::string(errc::label_too_long),
                    label_ref(ctx, index) + " is longer than " +
                        std::to_string(max_label_octets) +
                        " octets after IDNA conversion, the most a DNS label may have");
}

error empty_part(part_context ctx) {
  const auto sep = describe(ctx.separator);
  return make_error(std::string(errc::empty_label),
                    ctx.where == part::user
                        ? "the user is empty: type it before " + sep + ", like alice@example.com"
                        : "the domain is empty: type it after " + sep + ", like alice@example.com");
}

error empty_label(part_context ctx) {
  return make_error(std::string(errc::empty_label),
                    std::string(part_name(ctx.where)) +
                        " has an empty label: remove the extra dot (two in a row, or one at the "
                        "start or end)");
}

bool starts_with_ace_prefix(std::u32string_view label) {
  return label.size() >= 4 && (label[0] == U'x' || label[0] == U'X') &&
         (label[1] == U'n' || label[1] == U'N') && label[2] == U'-' && label[3] == U'-';
}

result<std::string> normalise_label(std::u32string_view label, part_context ctx,
                                    std::size_t index) {
  if (label.empty()) return empty_label(ctx);
  bool ascii = true;
  for (char32_t cp : label) {
    if (cp < 0x80) {
      if (!is_label_ascii(cp)) return bad_character(cp, ctx);
    } else if (is_space(cp) || is_control(cp) || cp == bitcoin_sign) {
      return bad_character(cp, ctx);
    } else {
      ascii = false;
    }
  }
  // A typed A-label is checked like a converted one: "xn--" followed by
  // punycode that decodes to something IDNA rejects must not slip through as
  // plain ASCII while still being shown to users as Unicode.
  if (!ascii || starts_with_ace_prefix(label)) {
    auto converted = to_a_label(label);
    if (converted) return std::move(converted).value();
    if (converted.err().code == errc::label_too_long) return too_long_converted(ctx, index);
    return make_error(std::string(errc::idna),
                      label_ref(ctx, index) + " " + converted.err().message);
  }
  if (label.size() > max_label_octets) return too_long(ctx, index, label.size());
  std::string out;
  out.reserve(label.size());
  for (char32_t cp : label) out.push_back(to_lower_ascii(static_cast<char>(cp)));
  return out;
}

}  // namespace

result<std::string> normalise_labels(std::u32string_view text, part_context ctx) {
  if (text.empty()) return empty_part(ctx);
  std::string out;
  std::size_t start = 0;
  for (std::size_t labels = 0;; ++labels) {
    const auto dot = text.find(U'.', start);
    const auto label = text.substr(start, dot == std::u32string_view::npos ? dot : dot - start);
    auto normal = normalise_label(label, ctx, labels + 1);
    if (!normal) return std::move(normal).err();
    if (labels > 0) out.push_back('.');
    out += *normal;
    if (dot == std::u32string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

bool has_a_label(std::string_view dotted) {
  std::size_t start = 0;
  while (start <= dotted.size()) {
    auto dot = dotted.find('.', start);
    if (dotted.substr(start, 4) == "xn--") return true;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return false;
}

}  // namespace hrn::name::detail
