// The parsing engine: the commands that read evidence (ingest, info) live in
// a module of their own, leakscope-engine.so, beside the executable. It
// carries every parser and the classifier with their libraries (MuPDF,
// libgsf, libphonenumber, vectorscan, libxml2, libzip, ...); the executable
// carries the commands that read a store (report, notify, lookup, tables,
// verify, merge, export-index) and loads the engine only when a command
// needs it. Loading those libraries costs about 15 ms of dynamic linking
// per process: a `lookup` answered in 7 ms should not pay it.
#pragma once

#include <string>
#include <vector>

namespace leakscope::cli {

// The module's file name, looked up in the directory of the running
// executable (/proc/self/exe), never on a search path or from the
// environment: code is loaded only from where leakscope itself is.
inline constexpr const char* kEngineFile = "leakscope-engine.so";
// The module's one exported entry point (C linkage, no exception crosses
// it): runs `command` with `argc` arguments `argv` (the command's own
// options, without "leakscope" and the command) and returns the exit code.
inline constexpr const char* kEngineEntry = "leakscope_engine_main";
using EngineMain = int (*)(const char* command, int argc,
                           const char* const* argv, const char* command_line);

// Loads the engine and runs `command` in it. Throws std::runtime_error
// naming the module's path when it cannot be loaded.
int run_engine(const std::string& command, const std::vector<std::string>& args,
               const std::string& command_line);

}  // namespace leakscope::cli
