// Walks files and folders given on the command line, recursively, listing
// each regular file once (by device and inode) in sorted order, so that two
// walks of the same tree give the same order.
//
// Invariants:
//  * A root is followed even when it is a symbolic link (the examiner named
//    it); inside the roots a symbolic link is never followed unless
//    WalkOptions::follow_symlinks, and then only when its target resolves
//    inside one of the roots. A link not followed is listed in `skipped`
//    with its target text.
//  * FIFOs, devices and sockets are never opened: listed in `skipped`.
//  * Files whose device and inode are in WalkOptions::exclude (the evidence
//    store's own files) are listed in `excluded`, not in `files`.
//  * Directories are opened with O_NOATIME where permitted.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace leakscope {

struct SourceFile {
  std::string root;     // the PATH argument as given
  std::string given;    // the path as given: root joined with the relative part
  std::string path;     // canonical absolute path: what is opened and recorded
  std::string display;  // root's last component + relative path: locators
  uint64_t size = 0;
  int64_t mtime = 0;
};

// An entry that is not read: a symbolic link, a FIFO, a device, a socket.
struct SkippedEntry {
  SourceFile file;   // size 0; mtime of the entry itself
  std::string kind;  // "symlink", "fifo", "character device", ...
  std::string why;   // one sentence, including a link's target text
};

struct WalkOptions {
  bool follow_symlinks = false;
  std::set<std::pair<dev_t, ino_t>> exclude;  // never listed as files
};

struct WalkResult {
  std::vector<SourceFile> files;
  std::vector<SkippedEntry> skipped;
  std::vector<std::string> excluded;  // canonical paths of excluded files
  std::vector<std::string> errors;    // "<path>: <why>" for unreadable entries
};

WalkResult walk_paths(const std::vector<std::string>& roots,
                      const WalkOptions& options = {});

}  // namespace leakscope
