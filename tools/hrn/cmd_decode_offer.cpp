// hrn decode-offer: decode and validate a BOLT 12 offer, print it as JSON.
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "hrn/api/json_views.hpp"
#include "hrn/bolt12/offer.hpp"

namespace hrn::cli {
namespace {

constexpr std::string_view command = "decode-offer";
// Offers fit in a QR code or a DNS TXT record; anything near this is not one.
constexpr std::size_t max_stdin_bytes = 1 << 20;

void print_help() {
  std::cout <<
      "Usage: hrn decode-offer [--summary] OFFER\n"
      "       hrn decode-offer [--summary] -      (read the offer from standard input)\n"
      "\n"
      "Decode a BOLT 12 offer (lno1...) and check every rule BOLT 12 gives its reader:\n"
      "bech32 without checksum, all lower or all upper case, '+' joins (whitespace\n"
      "allowed only right after a '+'; quote the argument), TLV encoding, field ranges,\n"
      "UTF-8 text, ISO 4217 currency, blinded paths and secp256k1 points.\n"
      "Expiry is shown, not checked against the clock.\n"
      "\n"
      "Output (stdout, JSON): every field of the offer, its raw TLV records, and a\n"
      "\"summary\" object (the offer_info of the relay's answers).\n"
      "\n"
      "Options:\n"
      "  --summary   print only the summary\n"
      "  -h, --help  show this help\n"
      "\n"
      "With '-', trailing whitespace of the input (a final newline) is ignored.\n"
      "\n"
      "Exit codes: 0 valid offer; 1 invalid offer, {\"error\": {\"code\", \"message\"}} on\n"
      "stdout; 2 usage error.\n"
      "Error codes: bad_encoding, mixed_case, bad_hrp, bad_tlv, type_out_of_range,\n"
      "unknown_even_type, bad_field, bad_point, unknown_feature, missing_field.\n"
      "\n"
      "Example:\n"
      "  hrn decode-offer lno1zcss9mk8y3wkklfvevcrszlmu23kfrxh49px20665dqwmn4p72pksese\n";
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Reads at most max_stdin_bytes + 1 bytes, so an endless stream cannot fill memory.
bool read_stdin(std::string& out) {
  out.clear();
  char buf[4096];
  while (std::cin.read(buf, sizeof buf) || std::cin.gcount() > 0) {
    out.append(buf, static_cast<std::size_t>(std::cin.gcount()));
    if (out.size() > max_stdin_bytes) return false;
  }
  while (!out.empty() && is_space(out.back())) out.pop_back();
  return true;
}

}  // namespace

int cmd_decode_offer(int argc, char** argv) {
  bool summary_only = false;
  bool options_done = false;
  const char* input = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!options_done && (arg == "-h" || arg == "--help")) {
      print_help();
      return exit_ok;
    }
    if (!options_done && arg == "--summary") {
      summary_only = true;
    } else if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && arg.size() > 1 && arg[0] == '-') {
      return usage_error(command, "unknown option '" + std::string(arg) + "'");
    } else if (input != nullptr) {
      return usage_error(command, "expected one offer, got more than one argument");
    } else {
      input = argv[i];
    }
  }
  if (input == nullptr) return usage_error(command, "missing OFFER (an lno1... string, or - for stdin)");

  std::string text = input;
  if (text == "-" && !read_stdin(text)) {
    return usage_error(command, "standard input is longer than " + std::to_string(max_stdin_bytes) + " bytes");
  }

  auto decoded = bolt12::decode_offer(text);
  if (!decoded) return fail(decoded.err());

  if (summary_only) {
    print_json(api::summary_json(*decoded));
  } else {
    auto j = api::to_json(*decoded);
    j["summary"] = api::summary_json(*decoded);
    print_json(j);
  }
  return exit_ok;
}

}  // namespace hrn::cli
