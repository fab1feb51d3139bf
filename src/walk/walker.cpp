#include "walk/walker.hpp"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace leakscope {

namespace {

struct Walker {
  WalkResult result;
  std::set<std::pair<dev_t, ino_t>> seen_dirs, seen_files;

  void visit(const std::string& root, const std::string& path,
             const std::string& display, int depth) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      result.errors.push_back(path + ": " + strerror(errno));
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!seen_dirs.insert({st.st_dev, st.st_ino}).second) return;  // loop
      if (depth > 256) {
        result.errors.push_back(path + ": directory nesting deeper than 256");
        return;
      }
      DIR* d = ::opendir(path.c_str());
      if (!d) {
        result.errors.push_back(path + ": " + strerror(errno));
        return;
      }
      std::vector<std::string> names;
      while (dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n == "." || n == "..") continue;
        names.push_back(n);
      }
      ::closedir(d);
      std::sort(names.begin(), names.end());
      for (const auto& n : names)
        visit(root, path + (path.empty() || path.back() == '/' ? "" : "/") + n,
              display + "/" + n, depth + 1);
      return;
    }
    if (!S_ISREG(st.st_mode)) return;  // devices, fifos, sockets: not evidence
    if (!seen_files.insert({st.st_dev, st.st_ino}).second) return;
    SourceFile f;
    f.root = root;
    f.path = path;
    f.display = display;
    f.size = static_cast<uint64_t>(st.st_size);
    f.mtime = static_cast<int64_t>(st.st_mtime);
    result.files.push_back(std::move(f));
  }
};

std::string last_component(const std::string& p) {
  std::filesystem::path fp(p);
  while (!fp.empty() && fp.filename().empty()) fp = fp.parent_path();
  std::string name = fp.filename().string();
  if (name.empty() || name == "." || name == "..")
    name = std::filesystem::weakly_canonical(std::filesystem::absolute(p))
               .filename()
               .string();
  return name.empty() ? "root" : name;
}

}  // namespace

WalkResult walk_paths(const std::vector<std::string>& roots) {
  Walker w;
  for (const auto& r : roots) w.visit(r, r, last_component(r), 0);
  return std::move(w.result);
}

}  // namespace leakscope
