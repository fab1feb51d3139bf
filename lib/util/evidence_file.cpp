#include "util/evidence_file.hpp"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>

namespace leakscope {

namespace {

std::atomic<bool> g_atime_fallback{false};

int64_t mtime_ns_of(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 +
         st.st_mtim.tv_nsec;
}

// open(2) with O_NOATIME first; EPERM means the caller does not own the
// file (O_NOATIME needs ownership or CAP_FOWNER): open without it and note
// that access times may change.
int open_noatime(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) {
    fd = ::open(path.c_str(), flags);
    if (fd >= 0) g_atime_fallback = true;
  }
  return fd;
}

}  // namespace

const char* file_type_name(mode_t mode) {
  if (S_ISREG(mode)) return "regular file";
  if (S_ISDIR(mode)) return "directory";
  if (S_ISFIFO(mode)) return "fifo";
  if (S_ISCHR(mode)) return "character device";
  if (S_ISBLK(mode)) return "block device";
  if (S_ISSOCK(mode)) return "socket";
  if (S_ISLNK(mode)) return "symbolic link";
  return "unknown type";
}

int open_evidence_file(const std::string& path, FileIdentity* opened) {
  int fd = open_noatime(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    throw std::runtime_error(path + ": cannot open: " + strerror(errno));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    throw std::runtime_error(path + ": cannot stat: " + strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw std::runtime_error(path + ": not a regular file (" +
                             file_type_name(st.st_mode) + "); not read");
  }
  // Regular files ignore O_NONBLOCK for reads, but clear it all the same.
  const int fl = ::fcntl(fd, F_GETFL);
  if (fl >= 0) ::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  if (opened) {
    opened->dev = st.st_dev;
    opened->ino = st.st_ino;
    opened->size = static_cast<uint64_t>(st.st_size);
    opened->mtime_ns = mtime_ns_of(st);
  }
  return fd;
}

int open_evidence_dir(const std::string& path) {
  return open_noatime(path, O_RDONLY | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW);
}

bool atime_may_have_changed() { return g_atime_fallback.load(); }

std::string describe_change(const std::string& path, int fd,
                            const FileIdentity& opened) {
  struct stat now;
  if (::fstat(fd, &now) != 0)
    return std::string("cannot stat the open file after reading it: ") +
           strerror(errno);
  std::string what;
  auto add = [&](const std::string& s) { what += what.empty() ? s : "; " + s; };
  if (static_cast<uint64_t>(now.st_size) != opened.size)
    add("size changed from " + std::to_string(opened.size) + " to " +
        std::to_string(now.st_size) + " bytes");
  if (mtime_ns_of(now) != opened.mtime_ns) add("modification time changed");
  struct stat named;
  if (::stat(path.c_str(), &named) != 0)
    add(std::string("the name no longer opens it (") + strerror(errno) + ")");
  else if (named.st_dev != opened.dev || named.st_ino != opened.ino)
    add("the name now points at another file (replaced)");
  if (what.empty()) return what;
  return "evidence changed while it was read: " + what +
         "; the recorded size and SHA-256 are of the bytes read and may "
         "match neither version";
}

}  // namespace leakscope
