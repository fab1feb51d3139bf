#include "stream_archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>

namespace leakscope::archive {

namespace {

struct KindFormat {
  std::string_view kind;
  int (*enable)(struct ::archive*);
};

// Archive formats, each enabled alone for the kind identification found.
constexpr std::array<KindFormat, 8> kArchiveFormats = {{
    {"7z", archive_read_support_format_7zip},
    {"rar", archive_read_support_format_rar},
    {"rar5", archive_read_support_format_rar5},
    {"tar", archive_read_support_format_tar},
    {"cab", archive_read_support_format_cab},
    {"iso9660", archive_read_support_format_iso9660},
    {"cpio", archive_read_support_format_cpio},
    // A zip whose central directory libzip cannot read (cut short, damaged):
    // its entries from their local headers, front to back.
    {"zip_local", archive_read_support_format_zip_streamable},
}};

struct KindFilter {
  std::string_view kind;
  int filter;  // ARCHIVE_FILTER_*
};

constexpr std::array<KindFilter, 5> kCompressed = {{
    {"gzip", ARCHIVE_FILTER_GZIP},
    {"bzip2", ARCHIVE_FILTER_BZIP2},
    {"xz", ARCHIVE_FILTER_XZ},
    {"lzma", ARCHIVE_FILTER_LZMA},
    {"zstd", ARCHIVE_FILTER_ZSTD},
}};

}  // namespace

bool is_stream_archive_kind(std::string_view kind) {
  if (kind == "ar") return true;
  for (const auto& f : kArchiveFormats)
    if (f.kind == kind) return true;
  return false;
}

bool is_compressed_kind(std::string_view kind) {
  for (const auto& f : kCompressed)
    if (f.kind == kind) return true;
  return false;
}

bool StreamArchive::peek_first() {
  try {
    first_ = pull_();
  } catch (const std::exception& e) {
    error_ = e.what();
    return false;
  }
  first_pending_ = true;  // pull_piece hands it to libarchive first
  return true;
}

bool StreamArchive::lzma_dictionary_allowed() {
  // The .lzma header: properties (1 byte), dictionary size (4 bytes, little
  // endian), expanded size (8). The decoder allocates the dictionary up
  // front: a 13-byte file may ask for 4 GiB.
  if (!peek_first()) return false;
  if (first_.size() < 5) return true;  // libarchive reports the damage
  uint32_t dict = 0;
  for (int i = 4; i >= 1; --i)
    dict = dict << 8 | static_cast<uint8_t>(first_[static_cast<size_t>(i)]);
  if (dict <= kMaxLzmaDictionary) return true;
  error_ = "the stream asks for a dictionary of " + std::to_string(dict) +
           " bytes, more than the " + std::to_string(kMaxLzmaDictionary) +
           " this reader allows (the lzma tool's largest preset uses 64 MiB); "
           "not expanded";
  return false;
}

bool StreamArchive::xz_dictionary_allowed() {
  // The first block header of an .xz stream (after the 12-byte stream
  // header): size, flags, optional sizes (VLIs), then each filter's id and
  // properties; LZMA2 (0x21) keeps its dictionary size in one byte. The
  // decoder allocates that dictionary when the block starts. (Later blocks
  // of a multi-block stream are bounded by libarchive's 1 GiB memory limit
  // for xz only.)
  if (!peek_first()) return false;
  const std::string_view b = first_;
  if (b.size() < 14) return true;  // libarchive reports the damage
  const size_t end = std::min(b.size(), 12 + (size_t{uint8_t(b[12])} + 1) * 4);
  size_t at = 14;
  auto vli = [&](uint64_t* v) {
    *v = 0;
    for (int shift = 0; at < end && shift < 63; shift += 7) {
      const uint8_t c = static_cast<uint8_t>(b[at++]);
      *v |= uint64_t{c & 0x7Fu} << shift;
      if (!(c & 0x80)) return true;
    }
    return false;
  };
  const uint8_t flags = static_cast<uint8_t>(b[13]);
  uint64_t ignored = 0;
  if ((flags & 0x40) && !vli(&ignored)) return true;
  if ((flags & 0x80) && !vli(&ignored)) return true;
  for (int f = 0; f <= (flags & 3); ++f) {
    uint64_t id = 0, size = 0;
    if (!vli(&id) || !vli(&size) || size > end - at) return true;
    if (id == 0x21 && size >= 1) {
      const uint8_t code = static_cast<uint8_t>(b[at]);
      if (code > 40) return true;  // invalid: libarchive says so
      const uint64_t dict = code == 40
                                ? 0xFFFFFFFFull
                                : uint64_t{2u | (code & 1u)} << (code / 2 + 11);
      if (dict > kMaxLzmaDictionary) {
        error_ = "the stream's first block asks for a dictionary of " +
                 std::to_string(dict) + " bytes, more than the " +
                 std::to_string(kMaxLzmaDictionary) +
                 " this reader allows (xz -9 uses 64 MiB); not expanded";
        return false;
      }
    }
    at += size;
  }
  return true;
}

long StreamArchive::pull_piece(struct ::archive*, void* self,
                               const void** buf) {
  auto* r = static_cast<StreamArchive*>(self);
  std::string_view piece;
  if (r->first_pending_) {
    r->first_pending_ = false;
    *buf = r->first_.data();
    return static_cast<long>(r->first_.size());
  }
  try {
    piece = r->pull_();
  } catch (const std::exception& e) {
    r->error_ = e.what();
    return -1;
  }
  *buf = piece.data();
  return static_cast<long>(piece.size());
}

StreamArchive::StreamArchive(std::string_view kind, Pull pull,
                             const std::string& path, uint64_t max_buffered)
    : pull_(std::move(pull)) {
  a_ = archive_read_new();
  if (!a_) {
    error_ = "libarchive: out of memory";
    return;
  }
  int r = ARCHIVE_FATAL;
  for (const auto& f : kCompressed)
    if (f.kind == kind) {
      // One filter, appended (no bidding, so never stacked on itself: a
      // gzip whose payload is gzip again is one layer here; the next layer
      // is another entry, under the nesting limit) and the raw format.
      compressed_ = true;
      r = archive_read_append_filter(a_, f.filter);
      if (r == ARCHIVE_OK) r = archive_read_support_format_raw(a_);
    }
  if (!compressed_) {
    if (kind == "ar") {
      r = archive_read_support_format_ar(a_);
    } else {
      for (const auto& f : kArchiveFormats)
        if (f.kind == kind) r = f.enable(a_);
      // RAR 2.9-4 and RAR5 share the kind "rar" (their signatures differ
      // after the first six bytes): both readers, each bids on its own.
      if (kind == "rar" && r == ARCHIVE_OK)
        r = archive_read_support_format_rar5(a_);
    }
  }
  if (r != ARCHIVE_OK) {
    error_ = std::string("libarchive cannot read ") + std::string(kind) + ": " +
             (archive_error_string(a_) ? archive_error_string(a_)
                                       : "not supported by this build");
    return;
  }
  if (kind == "lzma" && !lzma_dictionary_allowed()) return;
  if (kind == "xz" && !xz_dictionary_allowed()) return;
  int opened = ARCHIVE_FATAL;
  if (kind == "7z" && !path.empty()) {
    opened = archive_read_open_filename(a_, path.c_str(), 64 << 10);
  } else if (kind == "7z") {
    for (;;) {
      std::string_view piece;
      try {
        piece = pull_();
      } catch (const std::exception& e) {
        error_ = e.what();
        return;
      }
      if (piece.empty()) break;
      if (buffer_.size() + piece.size() > max_buffered) {
        error_ = "7z archive larger than " + std::to_string(max_buffered) +
                 " bytes held in memory (7-Zip needs random access); not read";
        return;
      }
      buffer_.append(piece);
    }
    opened = archive_read_open_memory(a_, buffer_.data(), buffer_.size());
  } else {
    opened = archive_read_open(a_, this, nullptr, &StreamArchive::pull_piece,
                               nullptr);
  }
  if (opened != ARCHIVE_OK) {
    if (error_.empty())
      error_ = archive_error_string(a_) ? archive_error_string(a_)
                                        : "not a readable " + std::string(kind);
    return;
  }
  ok_ = true;
}

StreamArchive::~StreamArchive() {
  if (a_) archive_read_free(a_);
}

bool StreamArchive::unsupported() const {
  for (const char* marker :
       {"unavailable", "not supported", "Unsupported", "unsupported"})
    if (error_.find(marker) != std::string::npos) return true;
  return false;
}

std::string StreamArchive::format_name() const {
  const char* n = a_ ? archive_format_name(a_) : nullptr;
  return n ? n : "";
}

bool StreamArchive::next(StreamEntry* e) {
  if (!ok_) return false;
  struct archive_entry* entry = nullptr;
  const int r = archive_read_next_header(a_, &entry);
  if (r == ARCHIVE_EOF) return false;
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
    if (error_.empty())
      error_ = archive_error_string(a_) ? archive_error_string(a_)
                                        : "damaged entry header";
    ok_ = false;
    return false;
  }
  *e = StreamEntry{};
  const char* name = archive_entry_pathname_utf8(entry);
  if (!name) name = archive_entry_pathname(entry);
  e->name = name ? name : "";
  e->size_known = archive_entry_size_is_set(entry) != 0;
  const la_int64_t size = archive_entry_size(entry);
  e->size = size > 0 ? static_cast<uint64_t>(size) : 0;
  const mode_t type = archive_entry_filetype(entry);
  e->directory = type == AE_IFDIR;
  // A compressed stream's one entry has no type: it is its data.
  e->regular = type == AE_IFREG || (compressed_ && type == 0);
  e->encrypted = archive_entry_is_encrypted(entry) != 0;
  return true;
}

bool StreamArchive::read(uint64_t max_bytes, std::string* out, bool* truncated,
                         std::string* why) {
  out->clear();
  *truncated = false;
  char buf[64 << 10];
  for (;;) {
    const la_ssize_t n = archive_read_data(a_, buf, sizeof buf);
    if (n == 0) return true;
    if (n < 0) {
      *why = archive_error_string(a_) ? archive_error_string(a_)
                                      : "damaged entry data";
      if (n == ARCHIVE_FATAL) ok_ = false;
      return false;
    }
    const uint64_t room = max_bytes - out->size();
    if (static_cast<uint64_t>(n) > room) {
      out->append(buf, room);
      *truncated = true;
      return true;
    }
    out->append(buf, static_cast<size_t>(n));
  }
}

}  // namespace leakscope::archive
