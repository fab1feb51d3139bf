// Walks files and folders given on the command line, recursively, following
// directory symlinks without looping (each directory's device+inode is
// visited once) and listing each regular file once. Sorted, so two walks of
// the same tree give the same order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace leakscope {

struct SourceFile {
  std::string root;     // the PATH argument as given
  std::string path;     // path to open (root joined with the relative part)
  std::string display;  // root's last component + relative path: locators
  uint64_t size = 0;
  int64_t mtime = 0;
};

struct WalkResult {
  std::vector<SourceFile> files;
  std::vector<std::string> errors;  // "<path>: <why>" for unreadable entries
};

WalkResult walk_paths(const std::vector<std::string>& roots);

}  // namespace leakscope
