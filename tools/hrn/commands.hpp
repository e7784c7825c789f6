#pragma once
// Each subcommand gets argv starting at its own name (argv[0] == "parse-name")
// and returns the process exit code (see cli.hpp).

namespace hrn::cli {

int cmd_parse_name(int argc, char** argv);
int cmd_decode_offer(int argc, char** argv);
int cmd_resolve(int argc, char** argv);
int cmd_verify_proof(int argc, char** argv);
int cmd_flag(int argc, char** argv);

}  // namespace hrn::cli
