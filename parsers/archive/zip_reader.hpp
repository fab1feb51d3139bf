// A zip archive held in memory, read through libzip. See FORMAT.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct zip;  // libzip's zip_t

namespace leakscope::archive {

struct ZipEntry {
  uint64_t index = 0;
  std::string name;   // as stored (UTF-8 or CP437 per the entry's flag)
  uint64_t size = 0;  // expanded, as declared
  uint64_t compressed_size = 0;  // as declared
  bool encrypted = false;
  bool directory = false;
};

class ZipArchive {
 public:
  // `bytes` must outlive the archive. On failure ok() is false and error()
  // says why (libzip's message).
  explicit ZipArchive(std::string_view bytes);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool ok() const { return zip_ != nullptr; }
  const std::string& error() const { return error_; }
  const std::vector<ZipEntry>& entries() const { return entries_; }
  // Index of an entry by exact name, or -1.
  int64_t find(std::string_view name) const;
  // Reads an entry, at most `max_bytes` (more: *truncated). False with
  // *why on damage (bad CRC, unsupported method, encrypted).
  bool read(uint64_t index, uint64_t max_bytes, std::string* out,
            bool* truncated, std::string* why) const;

 private:
  ::zip* zip_ = nullptr;
  std::string error_;
  std::vector<ZipEntry> entries_;
};

}  // namespace leakscope::archive
