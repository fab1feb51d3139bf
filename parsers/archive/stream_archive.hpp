// Archives and compressed streams read through libarchive, entry by entry,
// from bytes pulled in pieces (a file being read, or bytes in memory). See
// FORMAT.md ("Archives through libarchive").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

struct archive;  // libarchive's reader

namespace leakscope::archive {

// The kinds (walk/identify names) read here. An archive kind lists entries;
// a compressed kind is one stream with one entry, its expanded bytes, which
// go back through identification (a .tar.gz is a gzip stream holding a tar).
bool is_stream_archive_kind(std::string_view kind);  // 7z rar tar cab ...
bool is_compressed_kind(std::string_view kind);      // gzip bzip2 xz ...

struct StreamEntry {
  std::string name;  // UTF-8 when libarchive can convert it, else as stored
  bool size_known = false;
  uint64_t size = 0;       // as declared (size_known)
  bool regular = false;    // a regular file (data to read)
  bool directory = false;  // a directory (no data)
  bool encrypted = false;  // data or metadata encrypted: not readable
};

class StreamArchive {
 public:
  // Next piece of the archive's bytes; empty at the end. A piece stays
  // valid until the next call.
  using Pull = std::function<std::string_view()>;
  // `kind` is one of the kinds above; only that format (or that one
  // compression filter, never stacked) is enabled, so a crafted stream
  // cannot make libarchive chain filters without end.
  //
  // 7-Zip needs random access: a 7z is read from `path` when given (a file
  // on disk, read by libarchive itself), else from the pulled bytes held in
  // memory, at most `max_buffered` of them (a larger one is not read: ok()
  // is false and error() says so).
  StreamArchive(std::string_view kind, Pull pull, const std::string& path = "",
                uint64_t max_buffered = 256u << 20);
  ~StreamArchive();
  StreamArchive(const StreamArchive&) = delete;
  StreamArchive& operator=(const StreamArchive&) = delete;

  // False when the archive could not be opened (error() says why).
  bool ok() const { return ok_; }
  // The next entry's header; false at the end of the archive or on damage
  // (then error() is set).
  bool next(StreamEntry* entry);
  // The current entry's data, at most `max_bytes`: *truncated when more
  // remained. False with *why on damage (what was read stays in *out).
  bool read(uint64_t max_bytes, std::string* out, bool* truncated,
            std::string* why);
  // libarchive's message of the first failure, "" when none.
  const std::string& error() const { return error_; }
  // True when the failure is a feature this libarchive lacks (RAR solid
  // archives, a codec), not damage of the archive.
  bool unsupported() const;
  // libarchive's name of the format ("RAR5", "GNU tar format", "raw").
  std::string format_name() const;

 private:
  static long pull_piece(struct ::archive*, void* self, const void** buf);
  struct ::archive* a_ = nullptr;
  Pull pull_;
  bool ok_ = false;
  bool compressed_ = false;
  std::string error_;
  std::string buffer_;  // a 7z's bytes when read from memory
  // An lzma stream's dictionary size is checked before the decoder sees
  // it: the first piece is pulled early and handed to libarchive first.
  static constexpr uint32_t kMaxLzmaDictionary = 64u << 20;
  bool lzma_dictionary_allowed();
  // Pulls the first piece into first_ (kept for libarchive); false with
  // error_ when the pull failed.
  bool peek_first();
  // The same bound on an .xz stream's first LZMA2 block.
  bool xz_dictionary_allowed();
  std::string_view first_;
  bool first_pending_ = false;
};

}  // namespace leakscope::archive
