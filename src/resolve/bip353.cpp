#include "hrn/resolve/bip353.hpp"

#include "hrn/resolve/errors.hpp"
#include "hrn/util/bytes.hpp"

namespace hrn::resolve {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

result<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size())
      return make_error(errc::bad_uri, "truncated %-escape in the bitcoin: URI");
    const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) return make_error(errc::bad_uri, "bad %-escape in the bitcoin: URI");
    out.push_back(static_cast<char>(hi << 4 | lo));
    i += 2;
  }
  return out;
}

}  // namespace

result<std::optional<std::string>> bip21_parameter(std::string_view uri, std::string_view key) {
  const auto q = uri.find('?');
  if (q == std::string_view::npos) return std::optional<std::string>{};
  std::string_view query = uri.substr(q + 1);
  std::optional<std::string> found;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (!iequals(pair.substr(0, eq), key)) continue;
    if (found) return make_error(errc::bad_uri, "the bitcoin: URI repeats '" + std::string(key) + "='");
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!value) return std::move(value).err();
    found = std::move(*value);
  }
  return found;
}

result<payment_instructions> interpret_txt_rrset(const std::vector<txt_strings>& rrset) {
  const std::string* chosen = nullptr;
  std::vector<std::string> joined;
  joined.reserve(rrset.size());
  for (const auto& strings : rrset) {
    // BIP 353: join the strings of one RR in RDATA order, no separators; never across RRs.
    std::string uri;
    for (const auto& s : strings) uri += s;
    joined.push_back(std::move(uri));
  }
  for (const auto& uri : joined) {
    // BIP 353: ignore RRs not starting with "bitcoin:" (ignoring case); refuse
    // the lot if more than one does.
    if (uri.size() < 8 || !iequals(std::string_view(uri).substr(0, 8), "bitcoin:")) continue;
    if (chosen)
      return make_error(errc::multiple_bitcoin_records,
                        "more than one TXT record starts with bitcoin: (BIP 353 forbids using any)");
    chosen = &uri;
  }
  if (!chosen)
    return make_error(errc::no_bitcoin_record, "no TXT record at the name starts with bitcoin:");

  // RFC 3986 §2: a URI is a sequence of US-ASCII graphic characters (anything
  // else is %-encoded). A raw space, control or non-ASCII byte here is no URI,
  // and passed on it would reach clients' parsers as bytes they cannot trust:
  // invalid UTF-8 in JSON, or a line break to a gateway reading plain text.
  for (const char c : *chosen)
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e)
      return make_error(errc::bad_uri,
                        "the bitcoin: URI holds a space, control or non-ASCII byte (RFC 3986 wants them %-encoded)");

  payment_instructions out;
  out.uri = *chosen;
  auto lno = bip21_parameter(out.uri, "lno");
  if (!lno) return std::move(lno).err();
  if (*lno) {
    auto offer = bolt12::decode_offer(**lno);
    if (!offer)
      return make_error(errc::invalid_offer, "the lno= offer is invalid: " + offer.err().message);
    out.offer_text = std::move(**lno);
    out.offer = std::move(*offer);
  }
  return out;
}

}  // namespace hrn::resolve
