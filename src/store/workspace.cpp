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

std::mutex& Workspace::lock_of(const std::string& part) {
  std::lock_guard<std::mutex> lock(mu_);
  return locks_[part];  // a map's elements never move
}

bool Workspace::built(const std::string& part) {
  std::lock_guard<std::mutex> lock(mu_);
  return built_.count(part) > 0;
}

void Workspace::set_built(const std::string& part) {
  std::lock_guard<std::mutex> lock(mu_);
  built_.insert(part);
}

std::shared_ptr<const void> Workspace::shared(
    const std::string& key,
    const std::function<std::shared_ptr<const void>()>& compute) {
  std::lock_guard<std::mutex> key_lock(lock_of("result:" + key));
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = results_.find(key);
    if (it != results_.end()) return it->second;
  }
  std::shared_ptr<const void> r = compute();
  std::lock_guard<std::mutex> lock(mu_);
  results_[key] = r;
  return r;
}

}  // namespace leakscope
