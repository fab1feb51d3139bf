#include "page.hpp"

#include <cstring>

namespace leakscope::mssql {

namespace {
template <typename T>
T rd(std::string_view p, size_t off) {
  T v;
  std::memcpy(&v, p.data() + off, sizeof v);
  return v;
}
}  // namespace

bool parse_page_header(std::string_view p, PageHeader* h, std::string* why) {
  if (p.size() < kPageSize) {
    *why = "page shorter than 8192 bytes";
    return false;
  }
  h->header_version = rd<uint8_t>(p, 0);
  h->type = rd<uint8_t>(p, 1);
  h->type_flags = rd<uint8_t>(p, 2);
  h->level = rd<uint8_t>(p, 3);
  h->flags = rd<uint16_t>(p, 4);
  h->index_id = rd<uint16_t>(p, 6);
  h->prev_page = rd<uint32_t>(p, 8);
  h->prev_file = rd<uint16_t>(p, 12);
  h->pminlen = rd<uint16_t>(p, 14);
  h->next_page = rd<uint32_t>(p, 16);
  h->next_file = rd<uint16_t>(p, 20);
  h->slot_count = rd<uint16_t>(p, 22);
  h->object_id = rd<uint32_t>(p, 24);
  h->free_count = rd<uint16_t>(p, 28);
  h->free_data = rd<uint16_t>(p, 30);
  h->page_id = rd<uint32_t>(p, 32);
  h->file_id = rd<uint16_t>(p, 36);
  h->torn_bits = rd<uint32_t>(p, 60);
  if (h->header_version != 1) {
    *why =
        "header version " + std::to_string(h->header_version) + ", expected 1";
    return false;
  }
  if (h->type == 0 || h->type > 20) {
    *why = "page type " + std::to_string(h->type) + " unknown";
    return false;
  }
  if (h->free_data > kPageSize ||
      h->slot_count > (kPageSize - kHeaderSize) / 2) {
    *why = "free data offset " + std::to_string(h->free_data) +
           " or slot count " + std::to_string(h->slot_count) + " out of range";
    return false;
  }
  return true;
}

void undo_torn_bits(std::string& page, const PageHeader& h) {
  if (!(h.flags & kFlagTornBits) || page.size() < kPageSize) return;
  for (int sector = 1; sector < 16; ++sector) {
    size_t last = static_cast<size_t>(sector) * 512 + 511;
    uint8_t orig = static_cast<uint8_t>((h.torn_bits >> (2 * sector)) & 3);
    page[last] =
        static_cast<char>((static_cast<uint8_t>(page[last]) & ~3u) | orig);
  }
}

uint16_t slot_offset(std::string_view page, uint16_t i) {
  size_t at = kPageSize - 2 - 2 * static_cast<size_t>(i);
  if (at < kHeaderSize || page.size() < kPageSize) return 0;
  uint16_t off = rd<uint16_t>(page, at);
  if (off < kHeaderSize || off >= at) return 0;
  return off;
}

}  // namespace leakscope::mssql
