// The one table from error codes to HTTP statuses (DESIGN "HTTP API shape").
#include <catch2/catch.hpp>

#include "hrn/api/errors.hpp"
#include "hrn/api/status_table.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/name/address.hpp"
#include "hrn/phone/errors.hpp"
#include "hrn/resolve/errors.hpp"
#include "hrn/tor/errors.hpp"

using hrn::api::http_status_for;

TEST_CASE("status table: every name code is a 400") {
  namespace e = hrn::name::errc;
  for (auto code : {e::empty, e::no_separator, e::bad_character, e::empty_label, e::label_too_long,
                    e::name_too_long, e::single_label_domain, e::bad_short_code, e::idna})
    CHECK(http_status_for(code) == 400);
}

TEST_CASE("status table: requests, limits, tor, timeouts and lookup failures") {
  namespace a = hrn::api::errc;
  for (auto code : {a::bad_request, a::bad_json, a::too_many_names, a::missing_name})
    CHECK(http_status_for(code) == 400);
  CHECK(http_status_for(a::not_found) == 404);
  CHECK(http_status_for(a::method_not_allowed) == 405);
  CHECK(http_status_for(hrn::phone::errc::ussd_bad_form) == 400);
  CHECK(http_status_for(hrn::phone::errc::ussd_offer_unknown) == 404);
  CHECK(http_status_for(hrn::phone::errc::ussd_offer_expired) == 404);
  CHECK(http_status_for(a::rate_limited) == 429);
  CHECK(http_status_for(hrn::resolve::errc::busy) == 429);
  CHECK(http_status_for(hrn::tor::errc::tor_not_ready) == 503);
  CHECK(http_status_for(hrn::tor::errc::socks_proxy_unreachable) == 503);
  CHECK(http_status_for(hrn::dns::transport::errc::upstream_timeout) == 504);
  for (auto code : {hrn::dns::errc::dnssec_bogus, hrn::dns::errc::dnssec_insecure, hrn::dns::errc::alias_loop,
                    hrn::resolve::errc::no_bitcoin_record, hrn::resolve::errc::multiple_bitcoin_records,
                    hrn::resolve::errc::invalid_offer, hrn::dns::transport::errc::upstream_error,
                    hrn::tor::errc::socks_connection_refused, hrn::tor::errc::tls_verify_failed})
    CHECK(http_status_for(code) == 502);
  CHECK(http_status_for("a_code_nobody_has_made_yet") == 502);
}
