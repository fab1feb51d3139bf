#include "walk/walker.hpp"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "util/evidence_file.hpp"

namespace leakscope {

namespace {

std::string join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir + (dir.back() == '/' ? "" : "/") + name;
}

// realpath(3), or "" when the path does not resolve.
std::string resolved(const std::string& path) {
  std::unique_ptr<char, decltype(&free)> r(::realpath(path.c_str(), nullptr),
                                           &free);
  return r ? std::string(r.get()) : std::string();
}

std::string link_text(const std::string& path) {
  std::string buf(PATH_MAX, '\0');
  ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
  if (n < 0) return "?";
  buf.resize(static_cast<size_t>(n));
  return buf;
}

bool inside(const std::string& canon, const std::string& root) {
  if (root == "/") return true;
  return canon == root || (canon.size() > root.size() &&
                           canon.compare(0, root.size(), root) == 0 &&
                           canon[root.size()] == '/');
}

struct Walker {
  const WalkOptions& opt;
  std::vector<std::string> canonical_roots;
  WalkResult result;
  std::set<std::pair<dev_t, ino_t>> seen_dirs, seen_files;

  // `given`: the path as the examiner's arguments spell it; `canon`: its
  // canonical absolute form. `st`: lstat of the entry (stat for a root).
  void visit(const std::string& root, const std::string& given,
             const std::string& canon, const std::string& display,
             const struct stat& st, int depth) {
    SourceFile f;
    f.root = root;
    f.given = given;
    f.path = canon;
    f.display = display;
    f.mtime = static_cast<int64_t>(st.st_mtime);
    if (S_ISLNK(st.st_mode)) {
      const std::string target = link_text(canon);
      std::string why = "symbolic link to \"" + target + "\"";
      if (!opt.follow_symlinks) {
        skip(std::move(f), "symlink",
             why +
                 "; not followed (--follow-symlinks follows links that stay "
                 "inside the given paths)");
        return;
      }
      const std::string to = resolved(canon);
      bool in_roots = false;
      for (const auto& r : canonical_roots)
        in_roots = in_roots || inside(to, r);
      struct stat tst;
      if (to.empty() || ::stat(to.c_str(), &tst) != 0) {
        skip(std::move(f), "symlink", why + "; its target does not exist");
        return;
      }
      if (!in_roots) {
        skip(std::move(f), "symlink",
             why + "; not followed: its target is outside the given paths");
        return;
      }
      visit(root, given, to, display, tst, depth);
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!seen_dirs.insert({st.st_dev, st.st_ino}).second) return;  // loop
      if (depth > 256) {
        result.errors.push_back(given + ": directory nesting deeper than 256");
        return;
      }
      // `canon` has no symbolic link in it (roots and followed links are
      // resolved; below them only entries lstat showed to be directories
      // are entered), and O_NOFOLLOW keeps a swap between lstat and open
      // from leading out.
      int fd = open_evidence_dir(canon);
      DIR* d = fd >= 0 ? ::fdopendir(fd) : nullptr;
      if (!d) {
        result.errors.push_back(given + ": " + strerror(errno));
        if (fd >= 0) ::close(fd);
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
      for (const auto& n : names) {
        const std::string child = join(canon, n);
        struct stat cst;
        if (::lstat(child.c_str(), &cst) != 0) {
          result.errors.push_back(join(given, n) + ": " + strerror(errno));
          continue;
        }
        visit(root, join(given, n), child, display + "/" + n, cst, depth + 1);
      }
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      skip(std::move(f), file_type_name(st.st_mode),
           std::string(file_type_name(st.st_mode)) +
               "; not evidence that can be read as a file");
      return;
    }
    if (opt.exclude.count({st.st_dev, st.st_ino})) {
      result.excluded.push_back(canon);
      return;
    }
    if (!seen_files.insert({st.st_dev, st.st_ino}).second) return;
    f.size = static_cast<uint64_t>(st.st_size);
    result.files.push_back(std::move(f));
  }

  void skip(SourceFile f, std::string kind, std::string why) {
    result.skipped.push_back({std::move(f), std::move(kind), std::move(why)});
  }
};

std::string last_component(const std::string& p) {
  std::filesystem::path fp(p);
  while (!fp.empty() && fp.filename().empty()) fp = fp.parent_path();
  std::string name = fp.filename().string();
  if (name.empty() || name == "." || name == "..") {
    std::string canon = resolved(p);
    name = canon.substr(canon.rfind('/') + 1);
  }
  return name.empty() ? "root" : name;
}

}  // namespace

WalkResult walk_paths(const std::vector<std::string>& roots,
                      const WalkOptions& options) {
  Walker w{options, {}, {}, {}, {}};
  for (const auto& r : roots) w.canonical_roots.push_back(resolved(r));
  for (size_t i = 0; i < roots.size(); ++i) {
    const std::string& r = roots[i];
    struct stat st;
    if (w.canonical_roots[i].empty() || ::stat(r.c_str(), &st) != 0) {
      w.result.errors.push_back(r + ": " + strerror(errno));
      continue;
    }
    w.visit(r, r, w.canonical_roots[i], last_component(r), st, 0);
  }
  return std::move(w.result);
}

}  // namespace leakscope
