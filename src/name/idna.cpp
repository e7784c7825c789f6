#include "idna.hpp"

#include <idn2.h>

#include <memory>
#include <new>

#include "hrn/name/address.hpp"
#include "hrn/util/utf8.hpp"
#include "text.hpp"

namespace hrn::name::detail {
namespace {

// Our own words rather than idn2_strerror(): that one is translated by the
// process locale, and messages are part of a machine-facing contract. The
// symbolic name goes along for whoever debugs it.
std::string reason(int rc) {
  std::string why;
  switch (rc) {
    case IDN2_DISALLOWED:
      why = "contains a character IDNA does not allow in names, such as an emoji or a symbol";
      break;
    case IDN2_INVALID_NONTRANSITIONAL:
    case IDN2_INVALID_TRANSITIONAL:
      // Also what a typed "xn--…" gets when its punycode decodes to such a character.
      why = "contains (or its A-label decodes to) a character IDNA does not allow in names";
      break;
    case IDN2_UNASSIGNED:
      why = "contains a character Unicode has not assigned";
      break;
    case IDN2_BIDI:
      why = "mixes right-to-left and left-to-right text in a way IDNA does not allow";
      break;
    case IDN2_CONTEXTJ:
    case IDN2_CONTEXTJ_NO_RULE:
    case IDN2_CONTEXTO:
    case IDN2_CONTEXTO_NO_RULE:
      why = "has a joiner or punctuation character where IDNA does not allow it";
      break;
    case IDN2_2HYPHEN:
      why = "has '--' in its third and fourth place, which IDNA reserves";
      break;
    case IDN2_HYPHEN_STARTEND:
      why = "starts or ends with '-', which IDNA does not allow";
      break;
    case IDN2_LEADING_COMBINING:
      why = "starts with a combining mark";
      break;
    case IDN2_PUNYCODE_BAD_INPUT:
    case IDN2_INVALID_ALABEL:
    case IDN2_UALABEL_MISMATCH:
    case IDN2_ALABEL_ROUNDTRIP_FAILED:
      why = "is not a valid A-label (the punycode after 'xn--' does not decode to a valid name)";
      break;
    default:
      why = "is rejected by IDNA";
      break;
  }
  return why + " (" + idn2_strerror_name(rc) + ")";
}

error idna_error(std::string phrase) {
  return make_error(std::string(errc::idna), std::move(phrase));
}

bool is_ldh(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

}  // namespace

result<std::string> to_a_label(std::u32string_view label) {
  std::string unicode;
  for (char32_t cp : label) utf8::append(unicode, cp);

  char* raw = nullptr;
  // Not IDN2_USE_STD3_ASCII_RULES: libidn2 2.3 silently drops the characters
  // STD3 forbids ("mü_ller" became "xn--mller-kva", a different name). We
  // check the output ourselves below instead.
  const int rc = idn2_to_ascii_8z(unicode.c_str(), &raw, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  const std::unique_ptr<char, void (*)(void*)> owned(raw, &idn2_free);
  if (rc == IDN2_MALLOC) throw std::bad_alloc();
  if (rc == IDN2_TOO_BIG_LABEL || rc == IDN2_PUNYCODE_BIG_OUTPUT || rc == IDN2_TOO_BIG_DOMAIN)
    return make_error(std::string(errc::label_too_long), "");
  if (rc != IDN2_OK) return idna_error(reason(rc));

  std::string out = owned ? owned.get() : "";
  for (char& c : out) c = to_lower_ascii(c);
  if (out.empty()) return idna_error("consists only of characters IDNA ignores; remove them");
  if (out.find('.') != std::string::npos)
    return idna_error("turns into more than one label under IDNA; type '.' between labels");
  for (char c : out)
    if (!is_ldh(c))
      return idna_error(
          "has or maps to a character not allowed in an internationalised label: only letters, "
          "digits and '-' ('_' only in all-ASCII labels)");
  if (out.size() > max_label_octets) return make_error(std::string(errc::label_too_long), "");
  return out;
}

}  // namespace hrn::name::detail
