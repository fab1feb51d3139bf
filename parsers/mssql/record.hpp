// FixedVar records (the uncompressed row format): status bits, fixed-length
// data, column count, null bitmap, variable-length offset array. Every
// accessor is bounds-checked against the page; a record that does not fit is
// rejected, never read past. See FORMAT.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace leakscope::mssql {

enum RecordType : uint8_t {
  kPrimary = 0,
  kForwarded = 1,
  kForwardingStub = 2,
  kIndexRecord = 3,
  kBlobFragment = 4,
  kGhostIndex = 5,
  kGhostData = 6,
  kGhostVersion = 7,
};

class Record {
 public:
  // Parses the record at `offset` of `page`. Returns false with *why set if
  // its structure does not fit inside the page.
  bool parse(std::string_view page, uint16_t offset, std::string* why);

  RecordType type() const {
    return static_cast<RecordType>((status_a_ >> 1) & 7);
  }
  bool has_null_bitmap() const { return status_a_ & 0x10; }
  bool has_var_columns() const { return status_a_ & 0x20; }
  uint16_t column_count() const { return column_count_; }
  std::string_view fixed() const {
    return fixed_;
  }  // bytes after the 4-byte header
  // Column `i` (0-based, physical order) is NULL per the bitmap; a column
  // beyond the bitmap was added after this row was written (NULL). Inline:
  // asked once per column of every row.
  bool is_null(size_t i) const {
    if (null_bitmap_.empty()) return false;
    if (i / 8 >= null_bitmap_.size()) return true;
    return (static_cast<uint8_t>(null_bitmap_[i / 8]) >> (i % 8)) & 1;
  }
  uint16_t var_count() const { return var_count_; }
  // Variable column `i` (0-based). *complex is set when the offset's high bit
  // marks a row-overflow or LOB pointer.
  std::string_view var(size_t i, bool* complex) const;
  uint16_t offset() const { return offset_; }
  uint16_t length() const { return length_; }  // bytes the record spans

 private:
  std::string_view page_;
  uint16_t offset_ = 0;
  uint8_t status_a_ = 0;
  std::string_view fixed_;
  uint16_t column_count_ = 0;
  std::string_view null_bitmap_;
  uint16_t var_count_ = 0;
  size_t var_offsets_ = 0;  // page offset of the var offset array
  size_t var_data_ = 0;     // page offset of the first var column
  uint16_t length_ = 0;
};

}  // namespace leakscope::mssql
