// CD ("column descriptor") records: the row format of ROW- and
// PAGE-compressed tables and indexes, and of the anchor record of a
// page-compressed page. See COMPRESSION_FORMAT.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope::mssql {

// 4-bit column descriptors.
enum CdDescriptor : uint8_t {
  kCdNull = 0,
  kCdEmpty = 1,  // a value of 0 bytes (0 for numbers, false for bit)
  // 2..9: 1..8 bytes in the short data region
  kCdLong = 10,     // in the long data region
  kCdBitTrue = 11,  // a bit column holding 1 (no bytes)
  kCdSymbol = 12,   // page dictionary symbol: its index in the short data
};

struct CdValue {
  uint8_t descriptor = kCdNull;
  std::string_view bytes;  // short or long data (views into the page)
  bool complex = false;    // long data that is a row-overflow/LOB pointer
};

class CdRecord {
 public:
  // Parses the CD record at `offset` of `page` (or of any buffer, for the
  // anchor record). False with *why when it does not fit.
  bool parse(std::string_view page, size_t offset, std::string* why);

  // Bits 2-4 of the header: 0 primary, 1 ghost empty, 2 forwarding stub,
  // 3 ghost data, 4 forwarded, 5 ghost forwarded, 6 index, 7 ghost index.
  uint8_t record_type() const { return (header_ >> 2) & 7; }
  bool has_version_info() const { return header_ & 2; }
  size_t columns() const { return values_.size(); }
  const CdValue& value(size_t i) const { return values_[i]; }
  size_t length() const { return length_; }  // bytes the record spans

 private:
  uint8_t header_ = 0;
  size_t length_ = 0;
  std::vector<CdValue> values_;  // reused between parses
};

// Compression information (CI) of a PAGE-compressed data page: the anchor
// record (one prefix per column) and the page dictionary.
class PageCompressionInfo {
 public:
  // Reads the CI structure after the page header when the header says it is
  // there (type-flag bit 0x80). False with *why when it is present but
  // damaged; true (and present() false) when there is none.
  bool parse(std::string_view page, std::string* why);
  bool present() const { return present_; }
  // Anchor value (prefix) of column `i`; nullopt-like empty view with
  // has_anchor false when the column has none.
  bool has_anchor(size_t i) const {
    return i < anchor_.columns() && anchor_.value(i).descriptor != kCdNull;
  }
  std::string_view anchor(size_t i) const { return anchor_.value(i).bytes; }
  bool anchor_present() const { return anchor_present_; }
  // Dictionary entry `k`; false when out of range.
  bool symbol(size_t k, std::string_view* out) const;
  size_t symbols() const { return symbols_.size(); }

 private:
  bool present_ = false;
  bool anchor_present_ = false;
  CdRecord anchor_;
  std::vector<std::string_view> symbols_;
};

}  // namespace leakscope::mssql
