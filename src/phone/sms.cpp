// The payer's confirmation text (hrn/phone/sms.hpp): one SMS of 160 GSM
// 03.38 septets, never split into a multi-part message (a feature phone may
// show the parts out of order, and a UCS-2 message would hold 70 characters).
#include <cassert>

#include "hrn/phone/sms.hpp"
#include "text.hpp"

namespace hrn::phone {
namespace {

// A description cut shorter than this says nothing; leave it out.
constexpr std::size_t min_description_septets = 8;

}  // namespace

namespace detail {

std::string gsm_field(std::string_view text) {
  auto s = to_gsm7(text);
  const auto first = s.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

}  // namespace detail

std::string confirmation_sms(const confirmation_fields& fields) {
  const std::string head = "Pay ";
  // Appended piece by piece: g++ 12 warns falsely (-Wrestrict) on
  // "literal" + std::string&&.
  std::string tail = " ";
  tail += fields.amount ? detail::gsm_field(*fields.amount) : std::string("any amount");
  tail += '.';
  const auto part = [&](std::string_view label, const std::optional<std::string>& field) {
    if (!field) return;
    const auto value = detail::gsm_field(*field);
    if (value.empty()) return;
    tail += label;
    tail += value;
    tail += '.';
  };
  // An offer without a flag says so: otherwise a description reading "Flag
  // 840000 RED TEAL NAVY GOLD." (anyone can compute a node's real words)
  // would stand where the flag goes.
  const auto before_flag = tail.size();
  part(" Flag ", fields.flag);
  if (tail.size() == before_flag) tail += " No flag.";
  part(" Note ", fields.payer_note);
  std::string name = detail::gsm_field(fields.name);
  const std::size_t fixed = gsm7_septets(head) + gsm7_septets(tail);
  if (fixed < sms_max_septets && fixed + gsm7_septets(name) > sms_max_septets)
    name = detail::shorten_middle(name, sms_max_septets - fixed);
  std::string text = head + name + tail;
  if (fields.description) {
    // The offer's words, in quotes (theirs turned to '), so nothing the
    // domain wrote reads as one of the relay's fields.
    auto description = detail::gsm_field(*fields.description);
    for (auto& c : description)
      if (c == '"') c = '\'';
    const std::size_t used = gsm7_septets(text) + 3;  // the space and the two quotes
    if (!description.empty() && used < sms_max_septets) {
      const std::size_t room = sms_max_septets - used;
      if (gsm7_septets(description) <= room || room >= min_description_septets) {
        text += " \"";
        text += truncate_gsm7(description, room);
        text += '"';
      }
    }
  }
  // Only fields far beyond what an offer and a flag produce (a caller's
  // amount of a hundred characters) get here; the limit still holds.
  if (gsm7_septets(text) > sms_max_septets) text = truncate_gsm7(text, sms_max_septets);
  assert(is_gsm7(text) && gsm7_septets(text) <= sms_max_septets);
  return text;
}

}  // namespace hrn::phone
