// Opening evidence: only regular files, read-only, without touching access
// times where the kernel allows it, and with the identity of what was opened
// kept so that a change while it was read can be named afterwards.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace leakscope {

// What a file was when it was opened (fstat of the open descriptor).
struct FileIdentity {
  dev_t dev = 0;
  ino_t ino = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;  // nanoseconds since the epoch
};

// Opens `path` read-only with O_NOATIME (falling back without it when the
// kernel refuses, i.e. the examiner does not own the file: see
// atime_may_have_changed) and O_NONBLOCK, so that a FIFO or a device never
// blocks the open; anything but a regular file is closed again and refused
// with "<path>: not a regular file (<type>); not read". The returned
// descriptor is blocking and owned by the caller. Throws
// std::runtime_error("<path>: cannot open: <strerror>") on failure.
int open_evidence_file(const std::string& path, FileIdentity* opened);

// Opens a directory for reading its entries (O_DIRECTORY, O_NOFOLLOW,
// O_NOATIME where permitted). Returns -1 with errno set on failure.
int open_evidence_dir(const std::string& path);

// True once any open in this process had to drop O_NOATIME: the access
// times of those files or folders may have been updated by reading them.
bool atime_may_have_changed();

// "" when the open descriptor `fd` and the name `path` still show the file
// that was opened as `opened`; else a sentence naming the change (size,
// modification time, or the name now pointing at another file), for a
// damage line. Call after the last read.
std::string describe_change(const std::string& path, int fd,
                            const FileIdentity& opened);

// "fifo", "character device", "block device", "socket", "symbolic link",
// "directory", "regular file" or "unknown type" for a stat st_mode.
const char* file_type_name(mode_t mode);

}  // namespace leakscope
