#pragma once
// Escaping for the web page. Every byte of a name, an offer's description or
// issuer, or an error message is someone else's: it goes into a page only
// through these functions. Pure.
//
// One escaping serves both contexts the page uses: text nodes, and attribute
// values that are always double-quoted. It escapes & < > " ' so the text can
// neither open a tag nor close an attribute (nor a <title>, <style> or
// <script>: their end tags need a '<'). It also replaces with U+FFFD what a
// browser would render misleadingly or not at all: bytes that are not
// UTF-8, control characters but tab and line feed, and the bidirectional
// overrides, embeddings, isolates and marks (U+061C, U+200E-U+200F,
// U+202A-U+202E, U+2066-U+2069), which could otherwise reorder the text
// around them ("pay 1000 sat" shown as "tas 0001 yap").

#include <string>
#include <string_view>

namespace hrn::api::html {

// Appends `s`, escaped, to `out`.
void append(std::string& out, std::string_view s);

// `s`, escaped.
std::string escape(std::string_view s);

}  // namespace hrn::api::html
