// SQL Server database pages: the 96-byte header, the slot array, torn-page
// bits. See FORMAT.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace leakscope::mssql {

inline constexpr size_t kPageSize = 8192;
inline constexpr size_t kHeaderSize = 96;

enum PageType : uint8_t {
  kDataPage = 1,
  kIndexPage = 2,
  kTextMixPage = 3,
  kTextTreePage = 4,
  kSortPage = 7,
  kGamPage = 8,
  kSgamPage = 9,
  kIamPage = 10,
  kPfsPage = 11,
  kBootPage = 13,
  kFileHeaderPage = 15,
  kDiffMapPage = 16,
  kMlMapPage = 17,
};

// Header flag: torn-page detection bits are in use (m_tornBits holds the
// original low 2 bits of the last byte of sectors 1..15).
inline constexpr uint16_t kFlagTornBits = 0x100;

struct PageHeader {
  uint8_t header_version = 0;  // always 1
  uint8_t type = 0;
  uint8_t type_flags = 0;
  uint8_t level = 0;
  uint16_t flags = 0;
  uint16_t index_id = 0;  // m_indexId: allocation unit id, high part
  uint32_t prev_page = 0;
  uint16_t prev_file = 0;
  uint16_t pminlen = 0;  // fixed-length part of records (incl. header)
  uint32_t next_page = 0;
  uint16_t next_file = 0;
  uint16_t slot_count = 0;
  uint32_t object_id = 0;  // m_objId: allocation unit id, low part
  uint16_t free_count = 0;
  uint16_t free_data = 0;  // offset of the first free byte
  uint32_t page_id = 0;
  uint16_t file_id = 0;
  uint32_t torn_bits = 0;

  // The allocation unit this page belongs to.
  uint64_t allocation_unit() const {
    return (static_cast<uint64_t>(index_id) << 48) |
           (static_cast<uint64_t>(object_id) << 16);
  }
  std::string id() const {
    return std::to_string(file_id) + ":" + std::to_string(page_id);
  }
};

// Reads the header. Returns false with *why set when it is not a plausible
// page header (version, type, counts out of range).
bool parse_page_header(std::string_view page, PageHeader* h, std::string* why);

// Restores the bytes that torn-page detection replaced (a no-op without the
// flag). `page` must be kPageSize bytes.
void undo_torn_bits(std::string& page, const PageHeader& h);

// Offset of slot `i`'s record, or 0 when the slot is empty or out of range.
uint16_t slot_offset(std::string_view page, uint16_t i);

}  // namespace leakscope::mssql
