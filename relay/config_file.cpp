#include "config_file.hpp"

#include <cstdint>
#include <fstream>
#include <regex>
#include <sstream>

#include <spdlog/fmt/fmt.h>

namespace hrn::relay {
namespace po = boost::program_options;

namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

std::string strip_dashes(std::string name) {
  while (!name.empty() && name.front() == '-') name.erase(0, 1);
  return name;
}

// The stored value as text: the option table uses these types only.
std::string text_of(const boost::any& v) {
  if (v.empty()) return {};
  if (const auto* s = boost::any_cast<std::string>(&v)) return *s;
  if (const auto* u = boost::any_cast<unsigned>(&v)) return std::to_string(*u);
  if (const auto* z = boost::any_cast<std::size_t>(&v)) return std::to_string(*z);
  if (const auto* d = boost::any_cast<double>(&v)) return fmt::format("{}", *d);
  if (const auto* b = boost::any_cast<bool>(&v)) return *b ? "true" : "false";
  if (const auto* list = boost::any_cast<std::vector<std::string>>(&v)) {
    std::string out;
    for (const auto& item : *list) out += (out.empty() ? "" : ", ") + item;
    return out;
  }
  return "?";
}

}  // namespace

void option_sources::note_command_line(const po::parsed_options& parsed) {
  for (const auto& o : parsed.options)
    if (!o.unregistered) command_line_.insert(o.string_key);
}

std::string option_sources::scan_file(const std::string& path, const po::options_description& options) {
  path_ = path;
  std::ifstream in(path);
  if (!in) return "hrn-relay: cannot read config file '" + path + "'\n";
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    // As program_options reads it: # starts a comment anywhere.
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    const auto here = "hrn-relay: " + path + " line " + std::to_string(n) + ": ";
    const auto eq = line.find('=');
    const auto name = eq == std::string::npos ? std::string() : trim(line.substr(0, eq));
    if (eq == std::string::npos || name.empty() || name.find_first_of(" \t[]") != std::string::npos)
      return here + "'" + line + "' is not `name = value`\n";
    if (name == "config" || name == "check-config")
      return here + "--" + name + " belongs on the command line, not in the config file\n";
    if (!options.find_nothrow(name, false) || name == "help" || name == "version")
      return here + "unknown option '" + name + "' (hrn-relay --help lists them)\n";
    lines_[name].emplace_back(n, trim(line.substr(eq + 1)));
  }
  return {};
}

int option_sources::file_line(const std::string& name) const {
  const auto it = lines_.find(name);
  if (it == lines_.end() || (command_line_.count(name) && name != "upstream")) return 0;
  return it->second.front().first;
}

std::string option_sources::where(const std::string& name) const {
  const bool cli = command_line_.count(name) != 0;
  const int line = lines_.count(name) ? lines_.at(name).front().first : 0;
  const auto file = path_ + " line " + std::to_string(line);
  if (cli && line && name == "upstream") return "command line, " + file;  // composing
  if (cli) return "command line";
  if (line) return file;
  return "default";
}

std::string option_sources::locate(const std::string& message) const {
  static const std::regex option_name("--([a-z0-9-]+)");
  for (std::sregex_iterator it(message.begin(), message.end(), option_name), end; it != end; ++it) {
    const auto name = (*it)[1].str();
    int line = file_line(name);
    if (!line) continue;
    // Of a repeated option, the line whose value the message quotes.
    for (const auto& [n, value] : lines_.at(name))
      if (!value.empty() && message.find(value) != std::string::npos) {
        line = n;
        break;
      }
    const std::string prefix = "hrn-relay: ";
    const auto rest = message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
    return prefix + path_ + " line " + std::to_string(line) + ": " + rest;
  }
  return message;
}

std::string option_sources::explain(const po::error& e, const po::options_description& options) const {
  std::string name;
  if (const auto* named = dynamic_cast<const po::error_with_option_name*>(&e))
    name = strip_dashes(named->get_option_name());
  const int line = name.empty() ? 0 : file_line(name);
  std::string out = "hrn-relay: ";
  if (line) out += path_ + " line " + std::to_string(line) + ": ";
  out += e.what();
  if (const auto* d = name.empty() ? nullptr : options.find_nothrow(name, false))
    out += "; expected " + d->format_parameter() + ": " + d->description();
  return out + "\n";
}

std::vector<setting> list_settings(const po::options_description& options, const po::variables_map& vm,
                                   const option_sources& sources, const config& c) {
  std::vector<setting> out;
  for (const auto& d : options.options()) {
    const auto& name = d->long_name();
    if (name == "help" || name == "version" || name == "check-config") continue;
    setting s;
    s.name = name;
    if (vm.count(name)) s.value = text_of(vm[name].value());
    if (name == "state-dir") s.value = c.state_dir;  // its default depends on HOME
    s.shown = s.value;
    if (name == "tor-control-password" && !s.value.empty()) s.shown = "(set)";
    s.source = sources.where(name);
    out.push_back(std::move(s));
  }
  return out;
}

std::string format_settings(const std::vector<setting>& settings) {
  std::ostringstream os;
  for (const auto& s : settings) {
    const auto line = s.value.empty() ? "#" + s.name + " =" : s.name + " = " + s.shown;
    os << fmt::format("{:<44} # {}{}\n", line, s.value.empty() ? "not set, " : "", s.source);
  }
  return os.str();
}

}  // namespace hrn::relay
