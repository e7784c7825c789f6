#pragma once
// The web page: a form to type a name (GET /), and the result of a lookup
// rendered on the server (GET /pay?name=NAME), so it works without
// JavaScript and over the onion service (relative URLs only, nothing loaded
// from elsewhere: style, script, QR code and flag are all in the page).
// Pure: a payment_view or an error in, HTML out.

#include <string>
#include <string_view>

#include "hrn/api/http.hpp"
#include "hrn/api/payment_view.hpp"
#include "hrn/util/result.hpp"

namespace hrn::api {

// GET /: the form alone.
std::string form_page();

// GET /pay?name=…: what the name pays, or that it provably has no payment
// instructions (view.found false).
std::string result_page(const payment_view& view);

// A name that could not be looked up (bad name, rate limit, failed lookup):
// the message, and the form again with what the person typed in it.
std::string error_page(std::string_view typed, const error& e);

// A page as a response, with the headers every page carries: the
// Content-Security-Policy (page_csp), nosniff, no referrer, no caching (a
// result names who is being paid).
http_response page_response(int status, std::string html);

// default-src 'none', the page's one style and one script allowed by their
// SHA-256, forms to this origin only, never framed.
const std::string& page_csp();

}  // namespace hrn::api
