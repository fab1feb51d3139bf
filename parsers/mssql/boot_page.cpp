#include "boot_page.hpp"

#include <cstring>

#include "page.hpp"
#include "sql_types.hpp"

namespace leakscope::mssql {

namespace {

// Record offsets (from the start of slot 0's record).
constexpr size_t kRecordHeader = 4;  // status bits and fixed-length size
constexpr size_t kVersion = 0;       // u16, after the record header
constexpr size_t kName = 48;         // nchar(128): 256 bytes
constexpr size_t kNameBytes = 256;
constexpr size_t kCollation = 388;  // u32: high half of dbi_collation
constexpr size_t kNeeded = kName + kNameBytes;  // the name must be whole

uint32_t le32_at(std::string_view b, size_t at) {
  uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}

}  // namespace

std::optional<BootRecord> read_boot_record(std::string_view page) {
  if (page.size() != kPageSize) return std::nullopt;
  const uint16_t off = slot_offset(page, 0);
  if (off == 0 || off + kRecordHeader + kNeeded > kPageSize)
    return std::nullopt;
  const std::string_view rec = page.substr(off + kRecordHeader);
  BootRecord r;
  r.database_version = static_cast<uint8_t>(rec[kVersion]) |
                       static_cast<uint8_t>(rec[kVersion + 1]) << 8;
  ColumnType name_type;
  name_type.xtype = kNChar;
  decode_value(name_type, rec.substr(kName, kNameBytes), &r.database);
  // The field is padded with NULs or 0x20 bytes; a pair of 0x20 bytes reads
  // as U+2020 in UTF-16.
  for (std::string& name = r.database;;) {
    if (!name.empty() && (name.back() == '\0' || name.back() == ' ')) {
      name.pop_back();
    } else if (name.size() >= 3 &&
               name.compare(name.size() - 3, 3, "\xE2\x80\xA0") == 0) {
      name.resize(name.size() - 3);
    } else {
      break;
    }
  }
  if (rec.size() >= kCollation + 4) r.collation = le32_at(rec, kCollation);
  return r;
}

std::optional<BootRecord> read_boot_page(std::string_view page) {
  if (page.size() != kPageSize) return std::nullopt;
  PageHeader h;
  std::string why;
  if (!parse_page_header(page, &h, &why) || h.type != kBootPage)
    return std::nullopt;
  std::string fixed(page);
  undo_torn_bits(fixed, h);
  return read_boot_record(fixed);
}

}  // namespace leakscope::mssql
