#pragma once
// Where each option came from. program_options reads the --config file but
// tells no line numbers, so the file is scanned here first: every line must
// be blank, a # comment or `name = value` of a known option, and each
// option's line is remembered for the messages about its value.

#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <boost/program_options.hpp>

#include "config.hpp"

namespace hrn::relay {

class option_sources {
 public:
  // The options given on the command line (parsed, not yet stored).
  void note_command_line(const boost::program_options::parsed_options& parsed);
  // Scans the config file: "" when every line is fine, else the message
  // for the first bad one ("hrn-relay: FILE line N: ...").
  std::string scan_file(const std::string& path, const boost::program_options::options_description& options);

  // "command line", "FILE line N" or "default"; both when a repeatable
  // option came from both.
  std::string where(const std::string& name) const;
  // The line of `name` in the file when its value came from there (the
  // command line wins), else 0.
  int file_line(const std::string& name) const;
  // A message "hrn-relay: --X ..." with "FILE line N: " put in front of the
  // first option it names whose value came from the file.
  std::string locate(const std::string& message) const;
  // program_options' error about the file's contents, with the line and
  // what the option expects.
  std::string explain(const boost::program_options::error& e,
                      const boost::program_options::options_description& options) const;

 private:
  std::string path_;
  // Option -> its lines in the file with their values (several for --upstream).
  std::map<std::string, std::vector<std::pair<int, std::string>>> lines_;
  std::set<std::string> command_line_;
};

// Every option (but help, version, check-config) in the order of --help.
std::vector<setting> list_settings(const boost::program_options::options_description& options,
                                   const boost::program_options::variables_map& vm, const option_sources& sources,
                                   const config& c);
// `name = value  # source` lines, a valid config file itself.
std::string format_settings(const std::vector<setting>& settings);

}  // namespace hrn::relay
