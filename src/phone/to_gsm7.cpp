// Any UTF-8 text into the GSM 03.38 alphabet (hrn/phone/sms.hpp). A
// character the alphabet lacks and nothing stands in for becomes one '?';
// "character" here is what a reader sees as one: a base with its combining
// marks, an emoji with its modifiers and variation selectors, a ZWJ sequence
// (👨‍👩‍👧), a flag (two regional indicators). Those rules approximate the
// extended grapheme clusters of UAX #29 closely enough for '?' counting.
#include "hrn/phone/sms.hpp"
#include "text.hpp"

namespace hrn::phone {
namespace {


bool is_space(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

// Invisible format characters: soft hyphen, zero-width space and non-joiner,
// direction marks and embeddings, word joiner, byte-order mark. Dropped:
// they carry nothing a reader sees.
bool is_ignorable(char32_t cp) {
  return cp == 0xAD || cp == 0x61C || cp == 0x180E || cp == 0x200B || cp == 0x200C || cp == 0x200E ||
         cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF;
}

// What extends the character before it without being a combining mark:
// emoji skin-tone modifiers and the tag characters of subdivision flags.
bool extends_previous(char32_t cp) {
  return (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) || detail::is_combining_mark(cp);
}

constexpr char32_t zero_width_joiner = 0x200D;

bool is_regional_indicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

}  // namespace

std::string to_gsm7(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  // The last character written was a '?' for something unknown: what
  // extends it (a joiner and the next emoji, the second regional
  // indicator) is part of it and gets no '?' of its own.
  bool last_unknown = false;
  bool joined = false;      // a ZWJ followed that unknown character
  bool open_flag = false;   // that unknown character was a lone regional indicator
  const auto emit = [&](std::string_view text, bool unknown) {
    if (pending_space) out += ' ';
    pending_space = false;
    out += text;
    last_unknown = unknown;
    joined = false;
    open_flag = false;
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const auto d = utf8::decode(utf8, i);
    i += d.length;
    if (!d.valid) {
      emit("?", false);  // a broken sequence extends nothing
      continue;
    }
    const char32_t cp = d.cp;
    if (is_space(cp)) {
      pending_space = true;
      last_unknown = joined = open_flag = false;
      continue;
    }
    if (joined && last_unknown) {
      joined = false;  // the character after a ZWJ joins the sequence
      continue;
    }
    if (cp == zero_width_joiner) {
      joined = last_unknown;
      continue;
    }
    if (extends_previous(cp) || is_ignorable(cp)) continue;
    if (is_regional_indicator(cp)) {
      if (last_unknown && open_flag) {
        open_flag = false;  // the second half of a flag
        continue;
      }
      emit("?", true);
      open_flag = true;
      continue;
    }
    if (detail::gsm7_cost(cp) > 0) {
      std::string c;
      utf8::append(c, cp);
      emit(c, false);
    } else if (const auto t = detail::transliterate(cp)) {
      emit(*t, false);
    } else {
      emit("?", true);
    }
  }
  if (pending_space) out += ' ';
  return out;
}

}  // namespace hrn::phone
