#include "hrn/dns/presentation.hpp"

#include <cstdio>
#include <ctime>

#include "hrn/dns/rdata.hpp"

namespace hrn::dns {
namespace {

std::string generic(const rr& r) {  // RFC 3597 §5
  // Appended piece by piece: g++ 12 warns (-Wrestrict, wrongly) on a chain
  // of operator+ that starts with a literal and a std::to_string.
  std::string out = "\\# ";
  out += std::to_string(r.rdata.size());
  if (!r.rdata.empty()) {
    out += ' ';
    out += to_hex(r.rdata);
  }
  return out;
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03u", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

// RFC 4034 §3.2: YYYYMMDDHHmmSS in UTC.
std::string rrsig_time(std::uint32_t t) {
  const std::time_t seconds = t;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &utc);
  return buf;
}

}  // namespace

std::string rdata_to_text(const rr& r, txt_style style) {
  switch (r.type) {
    case rr_type::txt: {
      auto strings = decode_txt(r.rdata);
      if (!strings) break;
      std::string out;
      for (const auto& s : *strings) {
        if (style == txt_style::joined) {
          out += s;
        } else {
          if (!out.empty()) out.push_back(' ');
          out += quoted(s);
        }
      }
      return out;
    }
    case rr_type::cname:
    case rr_type::dname: {
      auto target = decode_name_rdata(r.rdata);
      if (!target) break;
      return target->to_text();
    }
    case rr_type::ds: {
      auto ds = decode_ds(r.rdata);
      if (!ds) break;
      return std::to_string(ds->key_tag) + " " + std::to_string(ds->algorithm) + " " +
             std::to_string(ds->digest_type) + " " + to_hex(ds->digest);
    }
    case rr_type::dnskey: {
      auto key = decode_dnskey(r.rdata);
      if (!key) break;
      return std::to_string(key->flags) + " " + std::to_string(key->protocol) + " " +
             std::to_string(key->algorithm) + " " + to_base64(key->public_key);
    }
    case rr_type::rrsig: {
      auto sig = decode_rrsig(r.rdata);
      if (!sig) break;
      return type_to_text(sig->type_covered) + " " + std::to_string(sig->algorithm) + " " +
             std::to_string(sig->labels) + " " + std::to_string(sig->original_ttl) + " " +
             rrsig_time(sig->expiration) + " " + rrsig_time(sig->inception) + " " +
             std::to_string(sig->key_tag) + " " + sig->signer.to_text() + " " + to_base64(sig->signature);
    }
    default:
      break;
  }
  return generic(r);
}

}  // namespace hrn::dns
