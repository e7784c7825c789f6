// hrn parse-name: normalise one human-readable name and show its DNS name.
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "hrn/api/json_views.hpp"
#include "hrn/name/address.hpp"

namespace hrn::cli {
namespace {

constexpr std::string_view command_name = "parse-name";

constexpr std::string_view help_text =
    R"(Usage: hrn parse-name [--] NAME

Normalise a human-readable Bitcoin payment address (BIP 353) and print it as
JSON: user, domain, short_code (null if none), dns_name (where the payment
instructions live), idn (true if a label is internationalised: warn about
look-alike characters) and display.

Accepted forms (white space around the name is ignored):
  alice@example.com            the plain form
  ₿alice@example.com           with the ₿ sign BIP 353 uses for display
  ALICE*EXAMPLE.COM            phone keypad: '*' stands for '@' when there is no '@'
  alice@example.com#1234       a short code (1-16 letters or digits) that the
                               payer's wallet sends as the payer note
  alice@münchen.de             non-ASCII labels become punycode (xn--...)

Names are case-insensitive and printed in lower case. Each label has at most
63 octets; user and domain together at most 230 characters; the domain needs
at least two labels.

Options:
  -h, --help   show this help
  --           end of options (for a name that starts with '-')

Examples:
  hrn parse-name ' ₿Alice@Example.COM '
  hrn parse-name 'RUSTY*BLOCKSTREAM.COM#a1B2'
  hrn parse-name -- '-bob@example.com'

Exit codes:
  0  valid: the normalised name as JSON on stdout
  1  invalid: {"error": {"code": ..., "message": ...}} on stdout
  2  usage error: a message on stderr
Error codes: empty, no_separator, bad_character, empty_label, label_too_long,
name_too_long, single_label_domain, bad_short_code, idna.
)";

}  // namespace

int cmd_parse_name(int argc, char** argv) {
  std::optional<std::string_view> input;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && (arg == "-h" || arg == "--help")) {
      std::cout << help_text;
      return exit_ok;
    } else if (!options_done && arg.size() > 1 && arg.front() == '-') {
      // Plain argv parsing: a name may itself start with '-', so guessing
      // would turn typos into lookups. '--' makes the intent explicit.
      return usage_error(command_name, "unknown option '" + std::string(arg) +
                                           "' (put '--' before a name that starts with '-')");
    } else if (input) {
      return usage_error(command_name,
                         "expected one NAME, got more (quote a name that contains spaces)");
    } else {
      input = arg;
    }
  }
  if (!input) return usage_error(command_name, "missing NAME, like alice@example.com");

  auto parsed = name::parse(*input);
  if (!parsed) return fail(parsed.err());
  print_json(api::to_json(*parsed));
  return exit_ok;
}

}  // namespace hrn::cli
