#include "store/workspace.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace leakscope {

Workspace::Workspace() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "leakscope-work-XXXXXX")
          .string();
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error(
        pattern +
        ": cannot create the working directory: " + std::strerror(errno));
  dir_ = pattern;
}

Workspace::~Workspace() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);  // nothing to report it to
}

std::string Workspace::file(const std::string& part) const {
  return (dir_ / (part + ".db")).string();
}

}  // namespace leakscope
