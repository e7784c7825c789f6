// Wallets' own protocols, as views of the one cache: RFC 8484 DoH (wire and
// Cloudflare's JSON) at /dns-query, Google's JSON at /resolve, and the
// proof server's /dnssecproof (the RFC 9102 chain, as dnssec-prover's server
// serves it). Every question goes through resolve::wallet_dns: BIP 353 TXT
// names and their zones' keys only (this is not an open resolver), the same
// rate limits and metrics as /v1/resolve.
#include <boost/json.hpp>

#include "hrn/api/doh_json.hpp"
#include "hrn/api/errors.hpp"
#include "hrn/api/query.hpp"
#include "hrn/api/router.hpp"
#include "hrn/dns/message.hpp"
#include "hrn/dns/response.hpp"
#include "hrn/resolve/errors.hpp"
#include "hrn/resolve/wallet_dns.hpp"
#include "hrn/tor/errors.hpp"
#include "router_parts.hpp"

namespace hrn::api {
namespace asio = boost::asio;

namespace {

constexpr std::string_view dns_message_type = "application/dns-message";
constexpr std::string_view dns_json_type = "application/dns-json";
// A DoH query is one question and an OPT record: far below this.
constexpr std::size_t max_query_octets = 512;

http_response no_resolver() {
  return error_response(make_error(tor::errc::tor_not_ready, "this relay has no resolver running"));
}

http_response rate_limited(std::chrono::seconds retry_after) {
  auto r = error_response(make_error(errc::rate_limited, "too many lookups from this client; slow down"));
  r.headers.emplace_back("Retry-After", std::to_string(std::max<long long>(1, retry_after.count())));
  return r;
}

// RFC 8484 §5.1: "DoH servers SHOULD assign an explicit HTTP freshness
// lifetime", no longer than the records' TTLs; a failure must not be cached.
// `private` (RFC 9111 §5.2.2.7): the wallet's own HTTP cache may keep the
// answer, a shared cache (a proxy, a CDN in front of the relay) may not. Its
// URL is the payment name: a shared cache would keep a list of who gets paid,
// outside the relay's rules (DESIGN.md: names only at debug, never next to a
// client), and answer a later client from it, so that whether an answer comes
// from it tells that someone asked before.
void cache_for(http_response& r, const resolve::wallet_answer& a) {
  if (a.validated)
    r.headers.emplace_back("Cache-Control", "private, max-age=" + std::to_string(a.ttl));
  else
    r.headers.emplace_back("Cache-Control", "no-store");
}

// Who asks, for wallet_dns's zone keys. On the clear-net listener the
// client's address (one client's wallet may spread its questions over
// several connections); over the onion service every peer is the local tor,
// so one connection is one asker there.
std::string asker_of(const http_request& request) {
  if (request.via_onion) return "onion connection " + std::to_string(request.connection);
  return "client " + request.client;
}

// RFC 4648 §5 base64url; RFC 8484 §4.1 omits the padding.
std::optional<bytes> from_base64url(std::string_view text) {
  std::string b64(text);
  for (char& c : b64) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (c == '+' || c == '/' || c == '=') return std::nullopt;
  }
  while (b64.size() % 4) b64.push_back('=');
  return from_base64(b64);
}

// "TXT", "ds", "16": a record type as the JSON APIs take it.
std::optional<std::uint16_t> type_of(std::string_view text) {
  if (text.empty()) return dns::rr_type::a;  // both providers' default
  std::uint32_t n = 0;
  bool digits = true;
  for (char c : text) {
    if (c < '0' || c > '9' || n > 65535) digits = false;
    else n = n * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (digits) return n <= 65535 ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(n)) : std::nullopt;
  for (std::uint16_t t : {dns::rr_type::a, dns::rr_type::ns, dns::rr_type::cname, dns::rr_type::soa,
                          dns::rr_type::mx, dns::rr_type::txt, dns::rr_type::aaaa, dns::rr_type::ds,
                          dns::rr_type::dnskey, dns::rr_type::rrsig}) {
    const auto name = dns::type_to_text(t);
    if (name.size() == text.size() &&
        std::equal(name.begin(), name.end(), text.begin(), [](char a, char b) { return a == (b & ~0x20); }))
      return t;
  }
  return std::nullopt;
}

http_response dns_reply(const dns::message& query, byte_view query_wire, const resolve::wallet_answer& a) {
  const bool dnssec_ok = query.opt && query.opt->dnssec_ok;
  dns::response_parts parts;
  parts.rcode = a.rcode;
  // RFC 6840 §5.7: AD only to a query that set AD or DO, and only for data
  // the relay validated itself.
  parts.authenticated = a.validated && (query.hdr.ad || dnssec_ok);
  parts.answers = a.records;
  if (dnssec_ok) {
    // RFC 4035 §3.1.1: with DO set, the RRSIGs go with the RRsets they sign.
    parts.answers.insert(parts.answers.end(), a.signatures.begin(), a.signatures.end());
    parts.authority = a.denial;
  }
  const auto wire = dns::build_response(query, parts, query_wire);
  http_response r;
  r.content_type = std::string(dns_message_type);
  r.body.assign(wire.begin(), wire.end());
  cache_for(r, a);
  return r;
}

// A DNS-level refusal of a message that parsed but is no query we answer.
http_response dns_error(const dns::message& query, byte_view query_wire, std::uint16_t rcode) {
  resolve::wallet_answer a;
  a.rcode = rcode;
  return dns_reply(query, query_wire, a);
}

}  // namespace

asio::awaitable<http_response> router::dns_query(const http_request& request) {
  auto name_param = query_param(request.target, "name");
  if (!name_param) co_return error_response(name_param.err());
  const bool json = request.accept.find(dns_json_type) != std::string::npos || (*name_param && request.method == "GET");
  if (json) {
    auto r = co_await json_resolve(request);
    if (r.status == 200 && r.content_type == "application/json") r.content_type = std::string(dns_json_type);
    co_return r;
  }
  bytes wire;
  if (request.method == "POST") {
    const auto type = std::string_view(request.content_type).substr(0, request.content_type.find(';'));
    if (type != dns_message_type)
      co_return error_response(make_error(errc::unsupported_media_type, "POST a body of type application/dns-message"));
    wire.assign(request.body.begin(), request.body.end());
  } else {
    auto dns = query_param(request.target, "dns");
    if (!dns) co_return error_response(dns.err());
    if (!*dns)
      co_return error_response(make_error(errc::bad_dns_message,
                                          "give ?dns= (a base64url DNS query), or ?name= with Accept: application/dns-json"));
    auto decoded = from_base64url(**dns);
    if (!decoded) co_return error_response(make_error(errc::bad_dns_message, "?dns= is not base64url"));
    wire = std::move(*decoded);
  }
  if (wire.size() > max_query_octets)
    co_return error_response(make_error(errc::bad_dns_message, "a DNS query larger than 512 octets"));
  auto query = dns::parse_message(wire);
  if (!query) co_return error_response(make_error(errc::bad_dns_message, query.err().message));
  if (query->hdr.qr || query->questions.size() != 1) co_return dns_error(*query, wire, dns::rcode::formerr);
  if (query->hdr.opcode != 0) co_return dns_error(*query, wire, dns::rcode::notimp);
  // RFC 6891 §6.1.3: a responder that does not implement the query's EDNS
  // VERSION answers BADVERS (and its own version, 0).
  if (query->opt && query->opt->version > 0) co_return dns_error(*query, wire, dns::rcode::badvers);
  if (!parts_.wallet) co_return no_resolver();
  if (parts_.admit)
    if (auto wait = parts_.admit(request, 1)) co_return rate_limited(*wait);
  const auto& q = query->questions.front();
  auto asking = parts_.wallet->ask(resolve::classify_wallet_question(q.qname, q.qtype, q.qclass), asker_of(request));
  auto answer = co_await std::move(asking);  // named local: g++ 12
  co_return dns_reply(*query, wire, answer);
}

asio::awaitable<http_response> router::json_resolve(const http_request& request) {
  if (request.method != "GET") {
    auto r = error_response(make_error(errc::method_not_allowed, "use GET"));
    r.headers.emplace_back("Allow", "GET");
    co_return r;
  }
  auto name = query_param(request.target, "name");
  if (!name) co_return error_response(name.err());
  if (!*name) co_return error_response(make_error(errc::missing_name, "give ?name= (and &type=TXT)"));
  auto type_text = query_param(request.target, "type");
  if (!type_text) co_return error_response(type_text.err());
  auto type = type_of(type_text->value_or(""));
  if (!type) co_return error_response(make_error(errc::bad_request, "type must be a record type such as TXT or a number"));
  auto dnssec_ok = query_flag(request.target, "do");
  if (!dnssec_ok) co_return error_response(dnssec_ok.err());
  auto cd = query_flag(request.target, "cd");
  if (!cd) co_return error_response(cd.err());
  auto qname = dns::name::from_text(**name);
  if (!qname) co_return error_response(make_error(errc::bad_request, "name is not a DNS name: " + qname.err().message));
  if (!parts_.wallet) co_return no_resolver();
  if (parts_.admit)
    if (auto wait = parts_.admit(request, 1)) co_return rate_limited(*wait);
  auto asking = parts_.wallet->ask(resolve::classify_wallet_question(*qname, *type, dns::class_in), asker_of(request));
  auto answer = co_await std::move(asking);
  const json_doh_question question{**name, *type, *dnssec_ok, *cd};
  const auto style = target_path(request.target) == "/resolve" ? json_doh_style::google : json_doh_style::cloudflare;
  auto r = json_response(200, doh_json(question, answer, style));
  cache_for(r, answer);
  co_return r;
}

asio::awaitable<http_response> router::dnssec_proof(const http_request& request) {
  auto d = query_param(request.target, "d");
  if (!d) co_return error_response(d.err());
  if (!*d) co_return error_response(make_error(errc::missing_name, "give ?d=NAME&t=TXT"));
  auto t = query_param(request.target, "t");
  if (!t) co_return error_response(t.err());
  auto type = type_of(t->value_or("TXT"));
  if (!type) co_return error_response(make_error(errc::bad_request, "t must be TXT"));
  auto qname = dns::name::from_text(**d);
  if (!qname) co_return error_response(make_error(errc::bad_request, "d is not a DNS name: " + qname.err().message));
  const auto question = resolve::classify_wallet_question(*qname, *type, dns::class_in);
  // Proofs are of BIP 353 TXT records: a zone's keys come inside them.
  if (question.kind != resolve::wallet_ask::bip353_txt)
    co_return error_response(make_error(resolve::errc::refused_question,
                                        question.kind == resolve::wallet_ask::refused
                                            ? question.why
                                            : "proofs are served for BIP 353 TXT names only"));
  if (!parts_.wallet) co_return no_resolver();
  if (parts_.admit)
    if (auto wait = parts_.admit(request, 1)) co_return rate_limited(*wait);
  auto asking = parts_.wallet->ask(question, asker_of(request));
  auto answer = co_await std::move(asking);
  if (!answer.entry) {
    co_return error_response(answer.failure.value_or(make_error(resolve::errc::refused_question, "no proof")));
  }
  http_response r;
  r.content_type = "application/octet-stream";
  r.body.assign(answer.entry->chain.begin(), answer.entry->chain.end());
  cache_for(r, answer);
  co_return r;
}

}  // namespace hrn::api
