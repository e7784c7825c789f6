#pragma once
// Text for phones: the GSM 03.38 default alphabet (what a 160-character SMS
// and a USSD screen can carry without switching to UCS-2 and 70 characters),
// and the confirmation text a payer's phone shows before paying. Pure.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hrn::phone {

// Characters of the GSM 03.38 default alphabet a text may use, counted in
// septets: a character of the extension table (| ^ € { } [ ] ~ \ and form
// feed) costs two.
inline constexpr std::size_t sms_max_septets = 160;

// True when every character of the UTF-8 text is in the GSM 03.38 default
// alphabet or its extension table.
bool is_gsm7(std::string_view utf8);

// Septets the text takes (extension characters count two). Meant for texts
// where is_gsm7() holds; any other character counts one, as the '?' that
// to_gsm7() would put in its place.
std::size_t gsm7_septets(std::string_view utf8);

// The text in the GSM 03.38 alphabet: letters with diacritics the alphabet
// lacks lose them (ő → o, ç → c; those it has, like é ü ñ Ä, stay), Cyrillic
// and Greek are transliterated, ₿ becomes "BTC", typographic quotes and dashes
// become their ASCII forms, and anything else (emoji, CJK, control characters,
// invalid UTF-8) becomes '?' (one per character a reader sees: a base with
// its combining marks, an emoji with its modifiers, a ZWJ sequence and a
// flag count as one). Invisible format characters (zero-width space, soft
// hyphen, direction marks) are dropped. White space runs of any kind become
// one space (a line break too: the text is one line).
std::string to_gsm7(std::string_view utf8);

// `text` cut to at most `max_septets` septets at a character boundary, with
// "..." at the end when it was cut (and no space before it); an extension
// character is kept whole or not at all. `text` must be GSM 03.38 already.
std::string truncate_gsm7(std::string_view text, std::size_t max_septets);

struct confirmation_fields {
  std::string name;  // user@domain (never with ₿: it is not GSM)
  std::optional<std::string> description;  // any UTF-8, from the offer
  std::optional<std::string> amount;       // e.g. "1000 sat", "12.34 USD"; none: any amount
  std::optional<std::string> flag;         // e.g. "840000 RED TEAL NAVY GOLD"
  std::optional<std::string> payer_note;   // the short code
};

// The ≤ 160-septet GSM 03.38 confirmation text: name, amount, flag words and
// the note always whole; the description gets what room is left (cut with
// "...", left out when fewer than 8 septets remain). Only a name near the
// 230-character limit is shortened, in its middle, so that both its user and
// its domain end show. Example:
//   Pay alice@example.com 1000 sat. Flag 840000 RED TEAL NAVY GOLD. Note 1234. "Coffee beans"
// The description is quoted (its own " become '), and an offer without a
// flag says "No flag.", so nothing the domain wrote can stand where the
// relay's flag goes.
std::string confirmation_sms(const confirmation_fields& fields);

}  // namespace hrn::phone
