#include "options.hpp"

#include <iostream>

#include "cli.hpp"

namespace hrn::cli {
namespace po = boost::program_options;

std::variant<po::variables_map, int> parse_options(std::string_view command, int argc, char** argv,
                                                  const po::options_description& visible,
                                                  const po::positional_options_description& positional,
                                                  std::string_view help_text) {
  po::options_description all;
  all.add(visible);
  all.add_options()("help,h", "show this help");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << help_text << "\n" << visible << "  -h [ --help ]   show this help\n";
      return exit_ok;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return usage_error(command, e.what());
  }
  return vm;
}

}  // namespace hrn::cli
