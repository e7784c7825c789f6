// The pages of the web page (web_page.hpp). Every value from a name, an
// offer or an error passes through html::append; the markup around them is
// constant. Attribute values are always double-quoted (html.hpp).
#include "hrn/api/web_page.hpp"

#include "hrn/api/errors.hpp"
#include "hrn/api/html.hpp"
#include "hrn/api/qr_svg.hpp"
#include "hrn/api/status_table.hpp"
#include "web_assets.hpp"

namespace hrn::api {
namespace {

void head(std::string& out, std::string_view title) {
  out +=
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"referrer\" content=\"no-referrer\"><title>";
  html::append(out, title);
  out += "</title><style>";
  out += web_assets::style();
  out += "</style></head><body><main>";
}

void foot(std::string& out) {
  out +=
      "<p class=\"note\">Every answer here is checked with DNSSEC up to the root. "
      "<a href=\"./\">Pay another name</a></p></main><script>";
  out += web_assets::script();
  out += "</script></body></html>";
}

// A GET form to "pay", relative: from / and from /pay it is /pay, on the
// onion address as on any other.
void name_form(std::string& out, std::string_view value, std::string_view label) {
  out += "<section class=\"card\"><form action=\"pay\" method=\"get\"><label for=\"name\">";
  html::append(out, label);
  out +=
      "</label><input id=\"name\" name=\"name\" type=\"text\" required maxlength=\"320\" "
      "autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\" "
      "placeholder=\"alice@example.com\" value=\"";
  html::append(out, value);
  out +=
      "\"><button type=\"submit\">Look up</button></form><p class=\"note\">A payment address (BIP 353): "
      "<b>alice@example.com</b>, <b>\xe2\x82\xbf" "alice@example.com</b>, or as a phone keypad types it "
      "<b>ALICE*EXAMPLE.COM#1234</b>, where the code after # goes with your payment as a note the "
      "recipient sees.</p></section>";
}

void stripes(std::string& out, const flag::node_flag& f) {
  out += "<svg class=\"stripes\" viewBox=\"0 0 4 1\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\">";
  for (std::size_t i = 0; i < f.colours.size(); ++i) {
    out += "<rect x=\"" + std::to_string(i) + "\" width=\"1\" height=\"1\" fill=\"";
    html::append(out, flag::to_hex(f.colours[i]));
    out += "\"/>";
  }
  out += "</svg>";
}

void words(std::string& out, const flag::node_flag& f) {
  out += "<span class=\"words\">";
  for (std::size_t i = 0; i < f.names.size(); ++i) {
    if (i) out += ' ';
    html::append(out, f.names[i]);
  }
  out += "</span>";
}

void flag_section(std::string& out, const flag_result& r) {
  out += "<section class=\"card\"><h2>Node flag</h2>";
  if (!r.flag) {
    out += "<p>No flag to show: ";
    html::append(out, r.reason.empty() ? std::string_view("none available") : std::string_view(r.reason));
    out += "</p></section>";
    return;
  }
  stripes(out, *r.flag);
  out += "<p>";
  words(out, *r.flag);
  out += " at block " + std::to_string(r.flag->height) + "</p>";
  if (r.previous) {
    out += "<p class=\"prev\">The block before, " + std::to_string(r.previous->height) + ": ";
    stripes(out, *r.previous);
    words(out, *r.previous);
    out += "</p>";
  }
  out +=
      "<p class=\"note\">Ask the recipient what their flag shows at this block. Other colours mean "
      "another node: do not pay. The same colours are a good sign, not a proof. A new block changes "
      "the colours.</p></section>";
}

void row(std::string& out, std::string_view term, std::string_view value) {
  out += "<dt>";
  html::append(out, term);
  out += "</dt><dd><bdi>";
  html::append(out, value);
  out += "</bdi></dd>";
}

void details(std::string& out, const payment_view& v) {
  out += "<section class=\"card\"><dl>";
  row(out, "To", v.display);
  if (v.description) row(out, "Description", *v.description);
  if (v.issuer) row(out, "Issuer", *v.issuer);
  row(out, "Amount", v.amount ? std::string_view(*v.amount) : "not set: you choose it in your wallet");
  if (!v.payer_note.empty()) {
    row(out, "Payer note", v.payer_note);
    out += "</dl><p class=\"note\">Your wallet sends the payer note with the payment: the recipient will see it.</p>";
  } else {
    out += "</dl>";
  }
  out += "</section>";
}

// The QR code, the text a wallet takes (the offer, or the URI when it has
// none) and its copy button, hidden until the script shows it.
void pay_section(std::string& out, const payment_view& v) {
  const bool has_offer = !v.offer.empty();
  out += "<section class=\"card\"><h2>Scan or copy</h2>";
  if (auto svg = qr_svg(qr_payload(v.uri)))
    out += *svg;
  else
    html::append(out, svg.err().message);
  out += has_offer ? "<p class=\"note\">The QR code holds the bitcoin: URI of the offer; below is the offer itself.</p>"
                   : "<p class=\"note\">This address has no BOLT 12 offer; the QR code and the text are its bitcoin: URI.</p>";
  out += "<div class=\"pay\" id=\"paytext\">";
  html::append(out, has_offer ? v.offer : v.uri);
  out += "</div><p><button id=\"copy\" type=\"button\" hidden>";
  out += has_offer ? "Copy offer" : "Copy URI";
  out += "</button></p></section>";
}

// A Lightning Address: what the domain's web server said, and how to pay it
// (no offer, no QR code of one, no flag: LNURL-pay names no node id).
void lnurl_section(std::string& out, const payment_view& v) {
  out += "<section class=\"card\"><h2>Lightning Address</h2><p class=\"note\">This name has no BIP 353 "
         "payment instructions (its domain proves it with DNSSEC), but the domain's web server answered "
         "it as a Lightning Address (LNURL-pay). Pay it from a wallet that supports Lightning Addresses. "
         "It has no BOLT 12 offer, so there is no node-id flag to compare.</p><dl>";
  row(out, "Invoices from", v.lnurl_callback_host);
  out += "</dl>";
  if (!v.lnurl_callback_domain_matches)
    out += "<p class=\"note\">The invoice would come from another host than the name's domain.</p>";
  out += "</section>";
}

std::string_view heading_for(const error& e) {
  if (e.code == errc::missing_name) return "Type a name";
  switch (http_status_for(e.code)) {
    case 400: return "That is not a payment address";
    case 429: return "Too many lookups";
    case 503: return "The relay cannot look names up right now";
    case 504: return "The lookup took too long";
    default: return "The lookup failed";
  }
}

}  // namespace

std::string form_page() {
  std::string out;
  head(out, "Pay a name");
  out += "<h1>Pay a name</h1>";
  name_form(out, "", "Name");
  foot(out);
  return out;
}

std::string result_page(const payment_view& v) {
  std::string out;
  if (v.lnurl) {
    head(out, "Pay " + v.display);
    out += "<h1>Pay <bdi>";
    html::append(out, v.display);
    out += "</bdi></h1>";
    details(out, v);
    lnurl_section(out, v);
    name_form(out, "", "Another name");
    foot(out);
    return out;
  }
  if (!v.found) {
    head(out, "No payment address");
    out += "<h1>No payment address</h1><section class=\"card err\"><p><bdi>";
    html::append(out, v.display);
    out += "</bdi> has no payment instructions: its domain proves (DNSSEC) that it publishes none.</p></section>";
    name_form(out, "", "Another name");
    foot(out);
    return out;
  }
  head(out, "Pay " + v.display);
  out += "<h1>Pay <bdi>";
  html::append(out, v.display);
  out += "</bdi></h1>";
  details(out, v);
  flag_section(out, v.flag);
  pay_section(out, v);
  name_form(out, "", "Another name");
  foot(out);
  return out;
}

std::string error_page(std::string_view typed, const error& e) {
  std::string out;
  const auto heading = heading_for(e);
  head(out, heading);
  out += "<h1>";
  html::append(out, heading);
  out += "</h1><section class=\"card err\"><p>";
  html::append(out, e.message);
  out += "</p><p class=\"note\">Error code: ";
  html::append(out, e.code);
  out += "</p></section>";
  name_form(out, typed, "Name");
  foot(out);
  return out;
}

}  // namespace hrn::api
