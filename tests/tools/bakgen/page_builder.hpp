// SQL Server pages and FixedVar records, built byte by byte: the 96-byte
// page header, records growing up from offset 96, the slot array growing
// down from the end (slot 0 in the last two bytes). Layouts follow
// parsers/mssql/FORMAT.md; this code shares nothing with the reader.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema.hpp"

namespace leakscope::bakgen {

inline constexpr size_t kPageSize = 8192;
inline constexpr size_t kHeaderSize = 96;
inline constexpr uint16_t kFileId = 1;  // every page lives in file 1
// Largest record SQL Server puts on a page (a row's in-row size limit).
inline constexpr size_t kMaxRecord = 8060;

enum PageType : uint8_t {
  kDataPage = 1,
  kIndexPage = 2,
  kTextMixPage = 3,
  kGamPage = 8,
  kSgamPage = 9,
  kIamPage = 10,
  kPfsPage = 11,
  kBootPage = 13,
  kFileHeaderPage = 15,
  kDiffMapPage = 16,
  kMlMapPage = 17,
};

// Record types (bits 1-3 of the first status byte).
enum RecordType : uint8_t {
  kPrimaryRecord = 0,
  kForwardedRecord = 1,
  kForwardingStub = 2,
  kIndexRecord = 3,
  kBlobFragment = 4,
  kGhostDataRecord = 6,
};

// Allocation unit id as page headers split it: m_indexId (bits 48-63) and
// m_objId (bits 16-47).
inline uint64_t unit_id(uint16_t index_part, uint32_t object_part) {
  return (static_cast<uint64_t>(index_part) << 48) |
         (static_cast<uint64_t>(object_part) << 16);
}

class PageBuilder {
 public:
  PageBuilder() : page_(kPageSize, '\0') {}

  // Starts an empty page (the previous contents are dropped).
  void start(uint8_t type, uint32_t page_id, uint64_t unit, uint8_t level = 0);
  bool started() const { return started_; }
  uint32_t id() const { return page_id_; }
  uint16_t slots() const { return static_cast<uint16_t>(offsets_.size()); }
  // Bytes taken by records and slots.
  size_t used() const { return free_data_ - kHeaderSize + 2 * offsets_.size(); }
  // Whether a record of n bytes (plus its slot) still fits.
  bool fits(size_t n) const {
    return free_data_ + n + 2 * (offsets_.size() + 1) <= kPageSize;
  }
  // Appends a record; returns its slot. The caller checked fits().
  uint16_t add(std::string_view record);
  void set_prev(uint32_t page) { prev_ = page; }
  void set_next(uint32_t page) { next_ = page; }
  void set_pminlen(uint16_t n) { pminlen_ = n; }
  void count_ghost() { ++ghosts_; }
  // PAGE compression: puts the compression information (anchor record and
  // dictionary) right after the header, before any record, and sets the
  // header's type flag 0x80. Call right after start().
  void set_compression_info(std::string_view ci);
  uint16_t ghosts() const { return ghosts_; }
  // Writes the header and slot array; the bytes stay valid until start().
  std::string_view finish();
  // Makes the page empty, so that started() is false.
  void clear() { started_ = false; }

 private:
  std::string page_;
  bool started_ = false;
  uint8_t type_ = 0, level_ = 0;
  uint32_t page_id_ = 0, prev_ = 0, next_ = 0;
  uint64_t unit_ = 0;
  uint16_t pminlen_ = 0, ghosts_ = 0;
  uint8_t type_flags_ = 0;
  size_t free_data_ = kHeaderSize;
  std::vector<uint16_t> offsets_;
};

// Where each column of a table sits in a FixedVar record: fixed columns by
// byte offset after the 4-byte record header (bits packed eight to a byte),
// variable columns by their index, all in column order.
struct ColumnPlace {
  bool fixed = false;
  size_t offset = 0;  // in the fixed part, after the record header
  int bit = -1;       // bit columns: which bit of the byte at `offset`
  size_t var_index = 0;
  bool sparse = false;     // in the sparse vector instead
  size_t null_index = 0;   // bit in the null bitmap (non-sparse columns)
  uint16_t column_id = 0;  // syscolpars.colid (position + 1)
};
struct Layout {
  std::vector<ColumnPlace> places;
  size_t fixed_bytes = 0;  // size of the fixed part
  size_t var_columns = 0;
  size_t stored_columns = 0;  // columns other than sparse ones
  Layout() = default;
  explicit Layout(const std::vector<Column>& columns);
};

// A FixedVar record. `values` holds, per column, nullopt for NULL or the
// column's stored bytes (encode_value, or the 16-byte text pointer of an
// off-row value). `type` is kPrimaryRecord, kGhostDataRecord or
// kForwardedRecord; a forwarded record carries `back_pointer` (the stub's
// page and slot) as an extra variable column. Trailing NULL variable columns
// are left out, as SQL Server does.
// `complex[i]` marks a variable column's value as a pointer (row-overflow
// or LOB root): its end offset gets the high bit.
std::string build_record(const std::vector<Column>& columns,
                         const Layout& layout,
                         const std::vector<std::optional<std::string>>& values,
                         uint8_t type, std::optional<uint64_t> back_pointer,
                         const std::vector<bool>& complex = {});

// The 9-byte stub left where a forwarded row was: it points to the record.
std::string forwarding_stub(uint32_t page, uint16_t slot);

// A record of an allocation page (PFS, GAM, SGAM, IAM, ...): two status
// bytes, the fixed length, the data; no column count.
std::string allocation_record(std::string_view data);

// Little-endian helpers.
void put16(std::string& s, uint16_t v);
void put32(std::string& s, uint32_t v);
void put64(std::string& s, uint64_t v);
void set16(std::string& s, size_t at, uint16_t v);
void set32(std::string& s, size_t at, uint32_t v);

}  // namespace leakscope::bakgen
