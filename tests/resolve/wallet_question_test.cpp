#include <catch2/catch.hpp>

#include "hrn/dns/rr.hpp"
#include "hrn/resolve/wallet_question.hpp"

using namespace hrn;
using resolve::classify_wallet_question;
using resolve::wallet_ask;

namespace {
dns::name N(const std::string& text) { return dns::name::from_text(text).value(); }
}  // namespace

TEST_CASE("wallet questions: a BIP 353 TXT name is a lookup of its address, in any case") {
  auto q = classify_wallet_question(N("Alice.USER._Bitcoin-Payment.Example.COM."), dns::rr_type::txt, dns::class_in);
  REQUIRE(q.kind == wallet_ask::bip353_txt);
  REQUIRE(q.address);
  CHECK(q.address->user == "alice");
  CHECK(q.address->domain == "example.com");
  CHECK(q.qname == N("alice.user._bitcoin-payment.example.com."));
  CHECK(q.address->dns_name() == q.qname.to_text());
}

TEST_CASE("wallet questions: DS and DNSKEY of any zone go to the chains held; the rest is refused") {
  CHECK(classify_wallet_question(N("Example.com."), dns::rr_type::ds, dns::class_in).kind == wallet_ask::zone_keys);
  auto root = classify_wallet_question(N("."), dns::rr_type::dnskey, dns::class_in);
  CHECK(root.kind == wallet_ask::zone_keys);
  CHECK(classify_wallet_question(N("example.com."), dns::rr_type::dnskey, dns::class_in).qname == N("example.com."));
  for (std::uint16_t type : {dns::rr_type::a, dns::rr_type::aaaa, dns::rr_type::nsec, dns::rr_type::rrsig,
                             dns::rr_type::cname, std::uint16_t{255}}) {
    INFO(type);
    auto q = classify_wallet_question(N("alice.user._bitcoin-payment.example.com."), type, dns::class_in);
    CHECK(q.kind == wallet_ask::refused);
    CHECK_FALSE(q.why.empty());
  }
  // Class CH (3): not a question about the Internet's names.
  CHECK(classify_wallet_question(N("alice.user._bitcoin-payment.example.com."), dns::rr_type::txt, 3).kind ==
        wallet_ask::refused);
}

TEST_CASE("wallet questions: TXT at anything but a valid BIP 353 name is refused (not an open resolver)") {
  for (const char* name : {"example.com.", "user._bitcoin-payment.example.com.", "alice.user._bitcoin-payment.",
                           "alice.user._bitcoin-payment.com.",  // one-label domain
                           "a%b.user._bitcoin-payment.example.com.", "_dmarc.example.com.",
                           "alice.user.example.com.", "alice._bitcoin-payment.user.example.com."}) {
    INFO(name);
    auto q = classify_wallet_question(N(name), dns::rr_type::txt, dns::class_in);
    CHECK(q.kind == wallet_ask::refused);
    CHECK_FALSE(q.address);
  }
  // A label holding a dot (escaped) is not the dotted user it would print as.
  auto escaped = classify_wallet_question(N("a\\.b.user._bitcoin-payment.example.com."), dns::rr_type::txt,
                                          dns::class_in);
  CHECK(escaped.kind == wallet_ask::refused);
}

TEST_CASE("wallet questions: a name that would parse to another address than the one asked is refused") {
  // Each label below holds an octet the payment-name parser would read as
  // syntax (a payer's #code, star notation, the @, a NUL) or drop: the
  // lookup would then be of another DNS name than the question's, and its
  // answer (or its absence) an oracle about that other name.
  for (const char* name : {"alice\\000.user._bitcoin-payment.example.com.", "alice.user._bitcoin-payment.example.com#12.",
                           "bob*example.user._bitcoin-payment.example.com.", "a\\@b.user._bitcoin-payment.example.com.",
                           "alice.user._bitcoin-payment.example.com\\032.", "\\226\\130\\191alice.user._bitcoin-payment.example.com.",
                           "al\\226\\130\\191ice.user._bitcoin-payment.example.com."}) {
    INFO(name);
    auto q = classify_wallet_question(N(name), dns::rr_type::txt, dns::class_in);
    // Refused, or (were the parser to keep such a label as it is) a lookup
    // of exactly the name asked.
    if (q.kind != wallet_ask::refused) {
      REQUIRE(q.address);
      CHECK(q.address->dns_name() == N(name).to_text());
      CHECK(q.address->short_code.empty());
    }
  }
  // A user part that holds the marker labels again is still one exact name:
  // what is looked up is what was asked.
  auto twice = classify_wallet_question(N("user.user._bitcoin-payment.user._bitcoin-payment.example.com."),
                                        dns::rr_type::txt, dns::class_in);
  if (twice.kind == wallet_ask::bip353_txt) CHECK(twice.address->dns_name() == twice.qname.to_text());
}
