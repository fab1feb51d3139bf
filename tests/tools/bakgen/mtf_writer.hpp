// The Microsoft Tape Format container of an uncompressed full backup, as
// SQL Server writes it (parsers/mtf/FORMAT.md, HEADER_FORMAT.md):
//
//   TAPE (RAID, SPAD)  SFMB  SSET  VOLB  MSCI (MQCI: SCIN SFGI SFIN SFIN)
//   MSDA (APAD, MQDA: 2 bytes + pages from the next 512-byte boundary,
//         MQDA of length 0, SPAD)
//   MSLS (MQCI with the finish time)  SFMB  ESET  SFMB
//
// Pages are streamed: the MQDA length and the file sizes of the file list
// are patched in place when the backup ends, so the output must be a
// regular file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "schema.hpp"

namespace leakscope::bakgen {

// A file written front to back through a buffer, with in-place patches.
class Output {
 public:
  explicit Output(const std::string& path);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view bytes);
  uint64_t pos() const { return pos_; }
  // Overwrites bytes already written.
  void patch(uint64_t offset, std::string_view bytes);
  // Writes at any offset (data files); pos() is not moved.
  void write_at(uint64_t offset, std::string_view bytes);
  void close();

 private:
  void flush();
  int fd_ = -1;
  std::string path_;
  std::string buf_;
  uint64_t pos_ = 0;
};

class MtfWriter {
 public:
  MtfWriter(Output& out, const DatabaseSpec& db);
  // Everything up to the first page.
  void begin();
  // One 8 KiB page.
  void page(std::string_view page);
  // The rest, once every page is written. `data_pages`: pages in the data
  // file (its size in the file list).
  void end(uint64_t data_pages);

 private:
  std::string tape_block();
  std::string sset_block(uint64_t at);
  std::string volb_block();
  std::string config_block(const char* type, bool closing, uint64_t data_bytes);
  std::string eset_block();
  std::string sfmb_block();
  // Pads `block` (which starts at `at`) with an SPAD stream to a multiple
  // of `align`.
  void pad(std::string& block, uint64_t at, uint64_t align);
  void put_block(std::string block);

  Output& out_;
  DatabaseSpec db_;
  std::string media_set_id_;
  uint32_t control_ = 0;  // control block ids, counted per set
  uint64_t mqda_header_ = 0;
  uint64_t pages_ = 0;
  uint64_t sfin_size_at_ = 0;  // where the data file's size was written
};

}  // namespace leakscope::bakgen
