// What stands in for a character GSM 03.38 lacks. Letters lose the
// diacritics the alphabet does not have (the base letters of the Latin
// blocks were written out by a script from Unicode's canonical
// decompositions, NFD; letters without one are listed by hand), Greek and
// Cyrillic are transliterated to Latin letters (Greek capitals the alphabet
// has stay Greek), typographic punctuation becomes ASCII. Data only.
#include <algorithm>
#include <array>

#include "text.hpp"

namespace hrn::phone::detail {
namespace {

struct mapping {
  char32_t cp;
  std::string_view text;
};

// Sorted by code point. Characters the alphabet has (é, Ä, Δ...) are never
// looked up here: gsm7_cost() is asked first.
constexpr std::array by_hand = std::to_array<mapping>({
    {0x60, "'"},
    // Latin-1 Supplement: symbols, then letters the alphabet lacks.
    {0xA2, "c"}, {0xA6, "|"}, {0xA8, "\""}, {0xA9, "(c)"}, {0xAA, "a"}, {0xAB, "\""}, {0xAC, "-"},
    {0xAE, "(R)"}, {0xAF, "-"}, {0xB0, "o"}, {0xB1, "+/-"}, {0xB2, "2"}, {0xB3, "3"}, {0xB4, "'"},
    {0xB5, "u"}, {0xB7, "."}, {0xB8, ","}, {0xB9, "1"}, {0xBA, "o"}, {0xBB, "\""}, {0xBC, "1/4"},
    {0xBD, "1/2"}, {0xBE, "3/4"},
    {0xC0, "A"}, {0xC1, "A"}, {0xC2, "A"}, {0xC3, "A"}, {0xC8, "E"}, {0xCA, "E"}, {0xCB, "E"},
    {0xCC, "I"}, {0xCD, "I"}, {0xCE, "I"}, {0xCF, "I"}, {0xD0, "D"}, {0xD2, "O"}, {0xD3, "O"},
    {0xD4, "O"}, {0xD5, "O"}, {0xD7, "x"}, {0xD9, "U"}, {0xDA, "U"}, {0xDB, "U"}, {0xDD, "Y"},
    {0xDE, "Th"}, {0xE1, "a"}, {0xE2, "a"}, {0xE3, "a"}, {0xE7, "c"}, {0xEA, "e"}, {0xEB, "e"},
    {0xED, "i"}, {0xEE, "i"}, {0xEF, "i"}, {0xF0, "d"}, {0xF3, "o"}, {0xF4, "o"}, {0xF5, "o"},
    {0xF7, "/"}, {0xFA, "u"}, {0xFB, "u"}, {0xFD, "y"}, {0xFE, "th"}, {0xFF, "y"},
    // Latin Extended-A letters with no canonical decomposition.
    {0x110, "D"}, {0x111, "d"}, {0x126, "H"}, {0x127, "h"}, {0x131, "i"}, {0x132, "IJ"}, {0x133, "ij"},
    {0x138, "k"}, {0x13F, "L"}, {0x140, "l"}, {0x141, "L"}, {0x142, "l"}, {0x149, "'n"}, {0x14A, "N"},
    {0x14B, "n"}, {0x152, "OE"}, {0x153, "oe"}, {0x166, "T"}, {0x167, "t"}, {0x17F, "s"},
    // Latin Extended-B: the hooked and open letters of African orthographies
    // (Hausa, Fula, Ewe, Akan...), Azerbaijani schwa, the digraphs.
    {0x180, "b"}, {0x181, "B"}, {0x186, "O"}, {0x187, "C"}, {0x188, "c"}, {0x189, "D"}, {0x18A, "D"},
    {0x18F, "E"}, {0x190, "E"}, {0x191, "F"}, {0x192, "f"}, {0x193, "G"}, {0x194, "G"}, {0x196, "I"},
    {0x197, "I"}, {0x198, "K"}, {0x199, "k"}, {0x19D, "N"}, {0x19E, "n"}, {0x19F, "O"}, {0x1A4, "P"},
    {0x1A5, "p"}, {0x1AC, "T"}, {0x1AD, "t"}, {0x1B1, "U"}, {0x1B2, "V"}, {0x1B3, "Y"}, {0x1B4, "y"},
    {0x1B5, "Z"}, {0x1B6, "z"}, {0x1B7, "Z"}, {0x1C4, "DZ"}, {0x1C5, "Dz"}, {0x1C6, "dz"},
    {0x1C7, "LJ"}, {0x1C8, "Lj"}, {0x1C9, "lj"}, {0x1CA, "NJ"}, {0x1CB, "Nj"}, {0x1CC, "nj"},
    {0x1F1, "DZ"}, {0x1F2, "Dz"}, {0x1F3, "dz"},
    // IPA letters those orthographies write in lower case.
    {0x253, "b"}, {0x254, "o"}, {0x256, "d"}, {0x257, "d"}, {0x259, "e"}, {0x25B, "e"}, {0x263, "g"},
    {0x268, "i"}, {0x269, "i"}, {0x272, "n"}, {0x28A, "u"}, {0x28B, "v"}, {0x292, "z"},
    {0x2BC, "'"}, {0x2C6, "^"}, {0x2DC, "~"},
    // Greek: capitals the alphabet lacks become the Latin capitals they look
    // like (what Greek phones do in GSM 7-bit); small letters are
    // transliterated (ELOT 743, without its digraph rules).
    {0x386, "A"}, {0x388, "E"}, {0x389, "H"}, {0x38A, "I"}, {0x38C, "O"}, {0x38E, "Y"}, {0x38F, "Ω"},
    {0x390, "i"}, {0x391, "A"}, {0x392, "B"}, {0x395, "E"}, {0x396, "Z"}, {0x397, "H"}, {0x399, "I"},
    {0x39A, "K"}, {0x39C, "M"}, {0x39D, "N"}, {0x39F, "O"}, {0x3A1, "P"}, {0x3A4, "T"}, {0x3A5, "Y"},
    {0x3A7, "X"}, {0x3AA, "I"}, {0x3AB, "Y"}, {0x3AC, "a"}, {0x3AD, "e"}, {0x3AE, "i"}, {0x3AF, "i"},
    {0x3B0, "y"}, {0x3B1, "a"}, {0x3B2, "v"}, {0x3B3, "g"}, {0x3B4, "d"}, {0x3B5, "e"}, {0x3B6, "z"},
    {0x3B7, "i"}, {0x3B8, "th"}, {0x3B9, "i"}, {0x3BA, "k"}, {0x3BB, "l"}, {0x3BC, "m"}, {0x3BD, "n"},
    {0x3BE, "x"}, {0x3BF, "o"}, {0x3C0, "p"}, {0x3C1, "r"}, {0x3C2, "s"}, {0x3C3, "s"}, {0x3C4, "t"},
    {0x3C5, "y"}, {0x3C6, "f"}, {0x3C7, "ch"}, {0x3C8, "ps"}, {0x3C9, "o"}, {0x3CA, "i"}, {0x3CB, "y"},
    {0x3CC, "o"}, {0x3CD, "y"}, {0x3CE, "o"},
    {0x490, "G"}, {0x491, "g"},
    {0x1E9E, "SS"},
    // General Punctuation: dashes, quotes, bullets, the ellipsis.
    {0x2010, "-"}, {0x2011, "-"}, {0x2012, "-"}, {0x2013, "-"}, {0x2014, "-"}, {0x2015, "-"},
    {0x2018, "'"}, {0x2019, "'"}, {0x201A, "'"}, {0x201B, "'"}, {0x201C, "\""}, {0x201D, "\""},
    {0x201E, "\""}, {0x201F, "\""}, {0x2020, "+"}, {0x2022, "*"}, {0x2024, "."}, {0x2025, ".."},
    {0x2026, "..."}, {0x2032, "'"}, {0x2033, "\""}, {0x2039, "'"}, {0x203A, "'"}, {0x2044, "/"},
    // Currency signs: their ISO 4217 codes (₿ as BTC, as wallets write it).
    {0x20A6, "NGN"}, {0x20A9, "KRW"}, {0x20AA, "ILS"}, {0x20AB, "VND"}, {0x20B1, "PHP"},
    {0x20B4, "UAH"}, {0x20B5, "GHS"}, {0x20B9, "INR"}, {0x20BA, "TRY"}, {0x20BD, "RUB"},
    {0x20BF, "BTC"},
    {0x2116, "No"}, {0x2122, "TM"}, {0x2126, "Ω"}, {0x2190, "<-"}, {0x2192, "->"}, {0x2212, "-"},
    // CJK punctuation that has an ASCII meaning.
    {0x3001, ","}, {0x3002, "."}, {0xFF61, "."}, {0xFF64, ","},
});
static_assert(std::is_sorted(by_hand.begin(), by_hand.end(),
                             [](const mapping& a, const mapping& b) { return a.cp < b.cp; }));

// U+0100..U+024F (Latin Extended-A and -B) and U+1E00..U+1EFF (Latin
// Extended Additional: Vietnamese, Yoruba...): the base letter of each
// code point's NFD, '?' where it has none (those are in `by_hand`).
constexpr std::string_view latin_ext_ab =
    "AaAaAaCcCcCcCcDd??EeEeEeEeEeGgGgGgGgHh??IiIiIiIiI???JjKk?LlLlLl?"
    "???NnNnNn???OoOoOo??RrRrRrSsSsSsSsTtTt??UuUuUuUuUuUuWwYyYZzZzZz?"
    "????????????????????????????????Oo?????????????Uu???????????????"
    "?????????????AaIiOoUuUuUuUuUu?AaAa????GgKkOoOo??j???Gg??NnAa????"
    "AaAaEeEeIiIiOoOoRrRrUuUuSsTt??Hh??????AaEeOoOoOoOoYy????????????"
    "????????????????";
static_assert(latin_ext_ab.size() == 0x250 - 0x100);
constexpr std::string_view latin_ext_additional =
    "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMm"
    "MmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv"
    "WwWwWwWwWwXxXxYyZzZzZzhtwy??????AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe"
    "EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy??????";
static_assert(latin_ext_additional.size() == 0x100);

// U+0400..U+045F: Russian, Ukrainian, Belarusian, Serbian, Macedonian, as
// simple ASCII (BGN/PCGN-like; the hard and soft signs are dropped).
constexpr std::array<std::string_view, 96> cyrillic{
    "E", "Yo", "Dj", "Gj", "Ye", "Dz", "I", "Yi", "J", "Lj", "Nj", "C", "Kj", "I", "U", "Dz",
    "A", "B", "V", "G", "D", "E", "Zh", "Z", "I", "Y", "K", "L", "M", "N", "O", "P",
    "R", "S", "T", "U", "F", "Kh", "Ts", "Ch", "Sh", "Shch", "", "Y", "", "E", "Yu", "Ya",
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    "e", "yo", "dj", "gj", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "kj", "i", "u", "dz",
};

constexpr std::string_view printable_ascii =
    "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

std::optional<std::string_view> letter(std::string_view table, std::size_t i) {
  if (table[i] == '?') return std::nullopt;
  return table.substr(i, 1);
}

}  // namespace

std::optional<std::string_view> transliterate(char32_t cp) {
  const auto it = std::lower_bound(by_hand.begin(), by_hand.end(), cp,
                                   [](const mapping& m, char32_t c) { return m.cp < c; });
  if (it != by_hand.end() && it->cp == cp) return it->text;
  if (cp >= 0x100 && cp < 0x250) return letter(latin_ext_ab, cp - 0x100);
  if (cp >= 0x1E00 && cp < 0x1F00) return letter(latin_ext_additional, cp - 0x1E00);
  if (cp >= 0x400 && cp < 0x460) return cyrillic[cp - 0x400];
  // Full-width ASCII (what CJK input methods type): the ASCII character.
  if (cp >= 0xFF01 && cp <= 0xFF5E) {
    const char32_t ascii = cp - 0xFF01 + U'!';
    if (gsm7_cost(ascii) > 0) return printable_ascii.substr(ascii - U'!', 1);
    return transliterate(ascii);
  }
  return std::nullopt;
}

}  // namespace hrn::phone::detail
