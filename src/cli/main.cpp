#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/engine.hpp"
#include "util/text.hpp"

namespace {

const char* kUsage =
    "usage: leakscope <command> [options]\n"
    "\n"
    "  ingest PATH... [--store case.db] [--jobs N] [--shard K/N] "
    "[--follow-symlinks]\n"
    "         [--phone-regions CC,...] [--json]\n"
    "  merge SHARD.db... --into case.db\n"
    "  export-index --store case.db --out DIR\n"
    "  info FILE [--json]\n"
    "  report --store case.db --out DIR [--format html,json,csv] "
    "[--owner DOMAIN] [--unmask] [--json]\n"
    "  notify --store case.db (--org DOMAIN | --all) --out DIR [--json]\n"
    "  lookup --store case.db DOMAIN|ADDRESS [--json]   (exit 0 found, 1 not)\n"
    "  verify --store case.db [--json]\n"
    "  tables --store case.db [--json]\n"
    "  dump-table --store case.db --table DB.schema.table --out file.csv "
    "[--source PATH]\n"
    "\n"
    "exit codes: 0 ok; 1 finished with some inputs unreadable; 2 usage or "
    "fatal error\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace leakscope::cli;
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  std::string command_line;
  for (int i = 0; i < argc; ++i) {
    if (i) command_line.push_back(' ');
    command_line.append(argv[i]);
  }
  try {
    if (cmd == "ingest" || cmd == "info")
      return run_engine(cmd, args, command_line);
    if (cmd == "report") return cmd_report(args);
    if (cmd == "verify") return cmd_verify(args);
    if (cmd == "tables") return cmd_tables(args);
    if (cmd == "dump-table") return cmd_dump_table(args);
    if (cmd == "notify") return cmd_notify(args);
    if (cmd == "lookup") return cmd_lookup(args);
    if (cmd == "merge") return cmd_merge(args);
    if (cmd == "export-index") return cmd_export_index(args);
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    }
    if (cmd == "--version") {
      std::puts("leakscope " LEAKSCOPE_VERSION);
      return kExitOk;
    }
    std::fprintf(stderr, "leakscope: unknown command \"%s\"\n%s",
                 leakscope::printable(cmd).c_str(), kUsage);
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leakscope %s: %s\n", cmd.c_str(),
                 leakscope::printable(e.what()).c_str());
    return kExitUsage;
  }
}
