#pragma once
// RDATA in presentation (zone-file) form, for the JSON DoH shapes wallets
// read. Pure.

#include <string>

#include "hrn/dns/rr.hpp"

namespace hrn::dns {

enum class txt_style {
  quoted,  // RFC 1035 §5.1: each character-string in quotes, space-separated ("a" "b")
  joined,  // the strings' octets run together, unquoted (abab): what Google's JSON API serves
};

// TXT, CNAME/DNAME, DS, DNSKEY and RRSIG in their RFC 1035 / 4034 forms;
// every other type (and RDATA that does not decode) in RFC 3597's generic
// form "\# LENGTH HEX". Octets outside printable ASCII in quoted TXT are \DDD.
std::string rdata_to_text(const rr& record, txt_style style = txt_style::quoted);

}  // namespace hrn::dns
