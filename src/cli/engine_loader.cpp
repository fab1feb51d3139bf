#include <dlfcn.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "cli/engine.hpp"

namespace leakscope::cli {
namespace {

// The directory of the running executable, with a trailing '/'.
std::string executable_directory() {
  std::string path(4096, '\0');
  ssize_t n = ::readlink("/proc/self/exe", path.data(), path.size());
  if (n <= 0 || static_cast<size_t>(n) >= path.size())
    throw std::runtime_error(
        "cannot find the leakscope executable (/proc/self/exe) to load " +
        std::string(kEngineFile) + " beside it");
  path.resize(static_cast<size_t>(n));
  return path.substr(0, path.rfind('/') + 1);
}

}  // namespace

int run_engine(const std::string& command, const std::vector<std::string>& args,
               const std::string& command_line) {
  const std::string path = executable_directory() + kEngineFile;
  // RTLD_NOW: a missing library fails here, with its name, not mid-ingest.
  // RTLD_LOCAL: the engine's symbols stay its own. Never closed: the
  // process ends after the command.
  void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!module) {
    const char* why = ::dlerror();
    throw std::runtime_error("cannot load the parsing engine " + path + ": " +
                             (why ? why : "unknown error"));
  }
  auto entry = reinterpret_cast<EngineMain>(::dlsym(module, kEngineEntry));
  if (!entry)
    throw std::runtime_error("the parsing engine " + path + " has no entry " +
                             kEngineEntry);
  std::vector<const char*> argv;
  argv.reserve(args.size());
  for (const std::string& a : args) argv.push_back(a.c_str());
  return entry(command.c_str(), static_cast<int>(argv.size()), argv.data(),
               command_line.c_str());
}

}  // namespace leakscope::cli
