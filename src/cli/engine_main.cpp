// The engine module's entry point (see engine.hpp): dispatches to the
// commands that read evidence, with the same error handling as main().
#include <cstdio>
#include <exception>
#include <string>
#include <type_traits>
#include <vector>

#include "cli/commands.hpp"
#include "cli/engine.hpp"
#include "util/text.hpp"

extern "C" __attribute__((visibility("default"))) int leakscope_engine_main(
    const char* command, int argc, const char* const* argv,
    const char* command_line) {
  using namespace leakscope::cli;
  const std::string cmd = command ? command : "";
  try {
    std::vector<std::string> args(argv, argv + argc);
    if (cmd == "ingest") return cmd_ingest(args, command_line);
    if (cmd == "info") return cmd_info(args);
    std::fprintf(stderr, "leakscope: the engine has no command \"%s\"\n",
                 leakscope::printable(cmd).c_str());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leakscope %s: %s\n", cmd.c_str(),
                 leakscope::printable(e.what()).c_str());
    return kExitUsage;
  }
}

// The executable finds the entry point by name; this checks its type.
static_assert(std::is_same_v<decltype(&leakscope_engine_main),
                             leakscope::cli::EngineMain>);
