// POST /v1/ussd and GET /v1/ussd/offer/REF (hrn/api/ussd.hpp): the menu's
// requests (check a name, look it up, issue a reference) carried out with
// the relay's parts, every screen as the gateway expects it.
#include <boost/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "hrn/api/errors.hpp"
#include "hrn/api/payment_view.hpp"
#include "hrn/api/router.hpp"
#include "hrn/api/ussd.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/name/address.hpp"
#include "hrn/phone/errors.hpp"
#include "hrn/phone/ussd_form.hpp"
#include "hrn/resolve/answer_service.hpp"
#include "hrn/resolve/errors.hpp"
#include "router_parts.hpp"

namespace hrn::api {
namespace asio = boost::asio;
namespace json = boost::json;
namespace ussd = phone::ussd;

namespace {

http_response screen_response(int status, const ussd::reply& r) {
  http_response out;
  out.status = status;
  out.content_type = "text/plain; charset=utf-8";
  out.body = r.body();
  return out;
}

// What the payer reads when the name they typed does not parse (GSM, short).
std::string_view name_problem(std::string_view code) {
  namespace e = name::errc;
  if (code == e::empty) return "Nothing was typed";
  if (code == e::no_separator) return "The name needs @ (or *) between user and domain";
  if (code == e::single_label_domain) return "The domain needs a dot, like example.com";
  if (code == e::empty_label) return "Part of the name is empty";
  if (code == e::label_too_long || code == e::name_too_long) return "The name is too long";
  if (code == e::bad_short_code) return "The code after # must be 1 to 16 letters or digits";
  if (code == e::bad_character || code == e::idna) return "The name has a character names cannot have";
  return "That is not a payment name";
}

// What the payer reads when the lookup failed: what to do, not how it broke.
std::string lookup_problem(std::string_view code) {
  if (code == resolve::errc::busy || code == errc::rate_limited) return "the service is busy; try again later";
  const int status = http_status_for(code);
  if (status == 503) return "the service is not ready; try again later";
  if (status == 504) return "no answer in time; try again later";
  if (code == dns::errc::dnssec_bogus || code == dns::errc::dnssec_insecure)
    return "its DNS records are not signed safely";
  return "the lookup failed (" + std::string(code) + ")";
}

struct lookup_outcome {
  std::optional<ussd::offer_choice> choice;
  std::string problem;
};

// Parameters by value: a coroutine's frame must own what it reads (g++ 12).
asio::awaitable<lookup_outcome> look_up(std::string name, std::string code, resolve::answer_service* answers,
                                        std::function<flag::tip_state()> tips,
                                        std::function<asio::awaitable<void>()> hold_hit) {
  if (!code.empty()) name += "#" + code;
  auto address = name::parse(name);
  if (!address) co_return lookup_outcome{std::nullopt, std::string(name_problem(address.err().code))};
  if (!answers) co_return lookup_outcome{std::nullopt, "the service is not ready; try again later"};
  auto resolving = answers->resolve(*address);  // named local: g++ 12
  auto served = co_await std::move(resolving);
  if (!served) co_return lookup_outcome{std::nullopt, lookup_problem(served.err().code)};
  if (served->cached && hold_hit) {
    auto holding = hold_hit();  // a hit leaves at a round boundary, as /v1/resolve's do
    co_await std::move(holding);
  }
  const auto view = make_payment_view(*address, *served->answer, tips());
  // The gateway's backend pays BOLT 12 offers; a Lightning Address needs an
  // LNURL-pay wallet, which this menu does not drive.
  if (view.lnurl) co_return lookup_outcome{std::nullopt, "it has a Lightning Address only, no offer"};
  if (!view.found) co_return lookup_outcome{std::nullopt, "it has no payment address"};
  if (view.offer.empty()) co_return lookup_outcome{std::nullopt, "it has no Lightning offer"};
  ussd::offer_choice c;
  c.name = view.name;
  c.offer = view.offer;
  c.payer_note = view.payer_note;
  c.amount = view.amount;
  c.description = view.description;
  if (view.flag.flag) c.flag = flag_words(*view.flag.flag);
  co_return lookup_outcome{std::move(c), {}};
}

}  // namespace

ussd_service::ussd_service(ussd_options options, privacy::random_source random)
    : options_(options),
      random_(std::move(random)),
      sessions_(options.max_sessions, options.session_seconds),
      offers_(options.max_offers, options.offer_seconds) {
  menu_options_.session_seconds = options.session_seconds;
  for (std::size_t i = 0; i < key_.size(); i += 8) {
    const auto word = random_();
    for (std::size_t k = 0; k < 8; ++k) key_[i + k] = static_cast<unsigned char>(word >> (8 * k));
  }
}

// HMAC-SHA256 of the sessionId, first 8 bytes: the table's key. A gateway
// (or whoever reaches the port) cannot aim ids at one slot of the hash map,
// and the table holds no id as it was sent.
std::uint64_t ussd_service::session_key(std::string_view session_id) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t mac_len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key_.data(), key_.size(),
                 reinterpret_cast<const unsigned char*>(session_id.data()), session_id.size(), mac, sizeof mac,
                 &mac_len) ||
      mac_len < 8)
    throw std::runtime_error("HMAC-SHA256 failed");  // OpenSSL broken: a bug, not an input
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < 8; ++i) k = (k << 8) | mac[i];
  return k;
}

std::string ussd_service::new_reference() {
  std::uint8_t bytes[10];
  const auto a = random_(), b = random_();
  for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(a >> (8 * i));
  bytes[8] = static_cast<std::uint8_t>(b);
  bytes[9] = static_cast<std::uint8_t>(b >> 8);
  return ussd::make_reference(bytes);
}

asio::awaitable<http_response> ussd_service::menu(http_request request, const router_parts* parts,
                                                  std::function<flag::tip_state()> tips) {
  auto form = phone::parse_ussd_form(request.body);
  // The body held the phone number: overwrite it now rather than leave it
  // in freed memory for the length of a lookup.
  OPENSSL_cleanse(request.body.data(), request.body.size());
  std::string().swap(request.body);
  if (!form) co_return screen_response(http_status_for(form.err().code),
                                       {true, "The request could not be read (" + form.err().code + ")."});
  const auto key = session_key(form->session_id);
  const auto now = parts->unix_now();
  std::optional<ussd::session> slot;
  const auto found = sessions_.find(key, now);
  if (found.what == decltype(sessions_)::state::live) slot = *found.value;
  const bool existed = slot.has_value();
  auto act = ussd::step(slot, form->text, now, menu_options_);
  if (act.what == ussd::next::check_name) {
    auto parsed = name::parse(act.input);
    act = parsed ? ussd::name_checked(*slot, "", parsed->text(), parsed->short_code, menu_options_)
                 : ussd::name_checked(*slot, name_problem(parsed.err().code), {}, {}, menu_options_);
  }
  ussd::reply screen = act.screen;
  int status = 200;
  if (act.what == ussd::next::look_up) {
    if (parts->admit && parts->admit(request, 1)) {
      // Over the gateway's lookup budget: said on the phone, and as 429 to
      // the gateway (whose operator should raise --rate-limit for it).
      screen = ussd::lookup_failed(*slot, "the service is busy; try again later");
      status = 429;
    } else {
      auto looking = look_up(slot->name, slot->code, parts->answers, std::move(tips), parts->hold_hit);
      auto outcome = co_await std::move(looking);
      screen = outcome.choice ? ussd::offer_found(*slot, std::move(*outcome.choice))
                              : ussd::lookup_failed(*slot, outcome.problem);
    }
  } else if (act.what == ussd::next::issue_reference) {
    auto reference = new_reference();
    if (offers_.put(reference, *slot->choice, parts->unix_now())) {
      screen = ussd::confirmed(*slot, reference);
    } else {
      // Every reference slot holds one not yet expired: refuse this one
      // rather than lose one a backend has still to fetch.
      screen = ussd::lookup_failed(*slot, "the service is busy; try again later");
      status = 503;
    }
  }
  if (!slot) {
    sessions_.erase(key);
  } else if (!existed) {
    // A full table refuses a new dialogue rather than end one under way
    // (expiring_table.hpp): a first call costs no token, so whoever reaches
    // this endpoint could otherwise push out every payer's session. 503, so
    // /metrics shows it.
    if (!sessions_.put(key, std::move(*slot), now)) {
      screen = ussd::no_room();
      status = 503;
    }
  } else {
    sessions_.update(key, std::move(*slot), parts->unix_now());
  }
  co_return screen_response(status, screen);
}

http_response ussd_service::offer(std::string_view reference, std::uint64_t now) const {
  const auto found = ussd::is_reference(reference) ? offers_.find(std::string(reference), now)
                                                   : decltype(offers_)::lookup{};
  if (found.what == decltype(offers_)::state::expired)
    return error_response(make_error(phone::errc::ussd_offer_expired,
                                     "this reference has expired: the payer dials again"));
  if (found.what != decltype(offers_)::state::live)
    return error_response(make_error(phone::errc::ussd_offer_unknown, "no offer has this reference"));
  const auto& c = *found.value;
  const auto at = c.name.find('@');
  json::object body{{"reference", json::string(reference)},
                    {"name", c.name},
                    {"bip353_name", {{"user", c.name.substr(0, at)}, {"domain", c.name.substr(at + 1)}}},
                    {"offer", c.offer},
                    // Exactly the invreq_payer_note (BOLT 12 type 89) to set.
                    {"payer_note", c.payer_note.empty() ? json::value(nullptr) : json::value(c.payer_note)},
                    {"amount", c.amount ? json::value(*c.amount) : json::value(nullptr)}};
  return json_response(200, body);
}

}  // namespace hrn::api
