// Holds the pages of one database while its backup is read once, front to
// back: the system catalog that says how to decode user rows may come after
// those rows, so every page is indexed by allocation unit as it passes and
// decoded once the catalog is known. A page read from a plain file (an
// uncompressed .bak or .mdf, whose stream offsets are file offsets) is
// remembered by its offset and read again from that file when decoded: no
// copy is written. Pages of other streams (compressed backups, zstd) are
// spilled to an anonymous temporary file (disk, not memory). Memory: about
// 24 bytes per page (300 MB for a 100 GB database), never the pages.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "page.hpp"

namespace leakscope::mssql {

class PageStore {
 public:
  PageStore();
  ~PageStore();
  PageStore(const PageStore&) = delete;
  PageStore& operator=(const PageStore&) = delete;

  // Stores a page (torn bits already undone). A later copy of the same page
  // id replaces the earlier one (differential and log-tail copies).
  void add(const PageHeader& h, std::string_view page);

  // Opens `path` for reading pages back by offset; its index for
  // add_at_source(), or -1 if it cannot be opened (pages are then spilled).
  // At most 127 sources.
  int add_source(const std::string& path);
  // Records that the page with header `h` lies at byte `offset` of source
  // `source`, as read (torn bits not undone: read() undoes them again).
  void add_at_source(const PageHeader& h, int source, uint64_t offset);

  // Page ids (file<<32 | page) of every page of an allocation unit, in order.
  std::vector<uint64_t> pages_of(uint64_t allocation_unit) const;
  // The header of a stored page, without copying the page when it is
  // source-backed (torn bits never touch the first 512-byte sector).
  bool read_header(uint64_t file_page, PageHeader* header) const;
  // A stored page for decoding, with its parsed header. A source-backed
  // page that needs no torn-bit repair is not copied: *view points into a
  // window of its own, valid until the next read_view() (read() calls in
  // between do not disturb it); other pages are copied into *scratch.
  // False when the page is absent (*why empty) or unusable (*why says why:
  // the file ends before it, its header no longer parses, or it names
  // another page, i.e. the evidence changed after it was read).
  bool read_view(uint64_t file_page, std::string_view* view, PageHeader* header,
                 std::string* scratch, std::string* why) const;
  // Reads a stored page (torn bits undone); false when absent or unusable
  // as for read_view().
  bool read(uint64_t file_page, std::string* page) const;
  bool has(uint64_t file_page) const { return slot_of(file_page) != 0; }
  size_t size() const { return count_; }
  // Bytes the page index holds (dense and sparse maps, per-slot vectors),
  // for the bound its tests and fuzz target check: at most
  // kIndexBytesPerPage per page plus 28 bytes per file id up to the largest
  // seen, whatever page ids the headers claim.
  size_t index_bytes() const;
  // A file's dense index reaches page ids up to twice its pages plus this.
  static constexpr size_t kDenseSlack = 4096;
  // Worst case, one page per file id: a dense vector of 2 + kDenseSlack
  // entries whose capacity may double, plus the per-slot vectors and a
  // sparse entry: about 32 KiB, four times the 8 KiB page itself.
  static constexpr size_t kIndexBytesPerPage = 4 * 2 * (2 + kDenseSlack) + 128;
  // The boot page (1:9) if present.
  bool boot_page(std::string* page) const {
    return read((1ull << 32) | 9, page);
  }

  static uint64_t key(uint16_t file, uint32_t page) {
    return (static_cast<uint64_t>(file) << 32) | page;
  }

 private:
  // 1 + slot of a page, 0 when absent.
  uint32_t slot_of(uint64_t file_page) const;
  // The slot of page `h` (a new one, or the one an earlier copy holds).
  uint32_t slot_for(const PageHeader& h);

  // Where a slot's bytes are: kFromSource | source << 56 | file offset, or
  // the page's index in the spill file.
  static constexpr uint64_t kFromSource = 1ull << 63;
  static constexpr uint64_t kOffsetMask = (1ull << 56) - 1;

  std::FILE* file_ = nullptr;  // the spill file, created on first use
  uint32_t count_ = 0;
  uint64_t spilled_ = 0;         // pages in the spill file
  std::vector<int> sources_;     // file descriptors, owned
  std::vector<uint64_t> where_;  // per slot
  // Read-ahead of source-backed pages: tables' pages are read in page order,
  // which is file order in a backup, so one read serves many pages. One
  // window for read(), one for read_view(), so that a view survives the
  // reads (PFS, LOB pages) made while its page is decoded.
  static constexpr size_t kReadAhead = 256 * 1024;
  struct Window {
    std::string bytes;
    int source = -1;
    uint64_t from = 0;  // file offset of bytes[0]
  };
  // The page at `offset` of `source` inside `w` (refilled if needed); null
  // if the file ends before it.
  const char* page_in(Window& w, int source, uint64_t offset) const;
  // The one way pages are read back: read_view() and read() with their own
  // windows. See read_view().
  bool fetch(uint64_t file_page, Window& w, std::string_view* view,
             PageHeader* header, std::string* scratch, std::string* why) const;
  mutable Window ahead_, view_ahead_;
  // Per database file id: page id -> 1 + slot (pages arrive roughly in order,
  // so a dense vector is the smallest index).
  std::vector<std::vector<uint32_t>> slots_;
  // Page ids beyond the dense index's bound: key -> 1 + slot.
  std::unordered_map<uint64_t, uint32_t> sparse_;
  std::vector<uint32_t> pages_in_file_;  // per file id: pages indexed
  std::vector<uint64_t> key_of_slot_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_au_;  // unit -> slots
};

}  // namespace leakscope::mssql
