// hrn verify-proof: check an RFC 9102 proof offline, as a wallet would.
#include <fstream>
#include <iostream>
#include <iterator>

#include <boost/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "hrn/api/json_views.hpp"
#include "hrn/dns/auth_chain.hpp"
#include "hrn/dns/errors.hpp"
#include "hrn/name/address.hpp"
#include "hrn/resolve/bip353_resolver.hpp"
#include "hrn/resolve/errors.hpp"
#include "hrn/resolve/psbt_proof.hpp"
#include "options.hpp"
#include "hrn/resolve/lookup_pipeline.hpp"

namespace hrn::cli {
namespace po = boost::program_options;

namespace {

constexpr std::string_view command_name = "verify-proof";

constexpr std::string_view help_text =
    R"(Usage: hrn verify-proof --name NAME --at UNIX_TIME (--hex|--base64|--raw) FILE
       hrn verify-proof --psbt --at UNIX_TIME (--hex|--base64|--raw) FILE

Verify, without any network, that an RFC 9102 AuthenticationChain proves the
BIP 353 payment instructions of NAME at the given time (signatures valid then,
every zone linked to the trust anchors), and print the same answer object as
'hrn resolve' (status "ok" or "not_found", uri, offer, ...).

With --psbt the input is BIP 353's PSBT_OUT_DNSSEC_PROOF value: a 1-byte
length, the name (user@domain, without the ₿), then the chain; --name is then
optional and, if given, must match. FILE may be '-' for standard input.

Exit codes: 0 the proof is valid, 1 it is not (JSON error on stdout), 2 usage.
)";

result<bytes> decode_input(const std::string& text, const std::string& format) {
  if (format == "raw") return bytes(text.begin(), text.end());
  std::string compact;
  for (char c : text)
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') compact.push_back(c);
  auto decoded = format == "hex" ? from_hex(compact) : from_base64(compact);
  if (!decoded) return make_error(dns::errc::malformed, "the input is not valid " + format);
  return std::move(*decoded);
}

}  // namespace

int cmd_verify_proof(int argc, char** argv) {
  po::options_description visible("Options");
  std::string name_text, anchor_file, file;
  std::uint64_t at = 0;
  visible.add_options()
      ("name", po::value(&name_text)->value_name("NAME"), "the name the proof is for (user@domain)")
      ("at", po::value(&at)->value_name("UNIX_TIME")->required(), "the time to validate at")
      ("trust-anchor", po::value(&anchor_file)->value_name("FILE"),
       "DS records in zone-file syntax replacing the built-in IANA root anchors")
      ("hex", po::bool_switch(), "FILE holds hex")
      ("base64", po::bool_switch(), "FILE holds base64")
      ("raw", po::bool_switch(), "FILE holds the bytes themselves")
      ("psbt", po::bool_switch(), "FILE is a PSBT_OUT_DNSSEC_PROOF value (length, name, chain)")
      ("proof", po::bool_switch(), "echo the minimal proof (base64) in the answer");
  po::options_description hidden;
  hidden.add_options()("file", po::value(&file)->required());
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("file", 1);
  auto parsed = parse_options(command_name, argc, argv, all, positional, help_text);
  if (auto* code = std::get_if<int>(&parsed)) return *code;
  auto& vm = std::get<po::variables_map>(parsed);

  const int formats = vm["hex"].as<bool>() + vm["base64"].as<bool>() + vm["raw"].as<bool>();
  if (formats != 1) return usage_error(command_name, "give exactly one of --hex, --base64, --raw");
  const bool psbt = vm["psbt"].as<bool>();
  if (!psbt && name_text.empty()) return usage_error(command_name, "--name is required without --psbt");

  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return usage_error(command_name, "cannot read '" + file + "'");
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string format = vm["hex"].as<bool>() ? "hex" : vm["base64"].as<bool>() ? "base64" : "raw";
  auto input = decode_input(text, format);
  if (!input) return fail(input.err());

  byte_view chain = *input;
  if (psbt) {
    auto proof = resolve::split_psbt_dnssec_proof(chain);
    if (!proof) return fail(proof.err());
    if (!name_text.empty()) {
      auto a = name::parse(name_text), b = name::parse(proof->name);
      if (!a || !b || a->dns_name() != b->dns_name())
        return fail(make_error(resolve::errc::name_mismatch, "the PSBT proof is for '" + proof->name + "'"));
    }
    name_text = proof->name;
    chain = proof->chain;
  }
  auto address = name::parse(name_text);
  if (!address) return fail(address.err());
  auto anchors = resolve::load_trust_anchors(anchor_file);
  if (!anchors) return fail(anchors.err());
  auto qname = dns::name::from_text(address->dns_name());
  if (!qname) return fail(qname.err());

  auto answer = dns::verify_chain(*qname, dns::rr_type::txt, chain, *anchors, at);
  if (answer && psbt) {
    auto pool = dns::parse_auth_chain(chain);  // parsed fine inside verify_chain
    if (auto s = resolve::check_rrsig_inceptions(*pool, at); !s) answer = s.err();
  }
  if (!answer) {
    print_json(api::failed_answer_json(*address, answer.err()));
    return exit_invalid;
  }
  auto resolution = resolve::interpret_validated(*answer);
  if (!resolution) {
    print_json(api::failed_answer_json(*address, resolution.err()));
    return exit_invalid;
  }
  print_json(api::answer_json(*address, *resolution, vm["proof"].as<bool>()));
  return exit_ok;
}

}  // namespace hrn::cli
