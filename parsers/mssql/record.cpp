#include "record.hpp"

#include <cstring>

#include "page.hpp"

namespace leakscope::mssql {

namespace {
uint16_t u16(std::string_view p, size_t off) {
  uint16_t v;
  std::memcpy(&v, p.data() + off, 2);
  return v;
}
}  // namespace

bool Record::parse(std::string_view page, uint16_t offset, std::string* why) {
  page_ = page;
  offset_ = offset;
  size_t end = kPageSize - 2;  // never into the slot array's first entry
  if (offset + 4u > end) {
    *why = "record header beyond the page";
    return false;
  }
  status_a_ = static_cast<uint8_t>(page[offset]);
  uint16_t fixed_end = u16(page, offset + 2u);
  RecordType t = type();
  if (t == kForwardingStub) {
    // 9 bytes: status + page id (4) + file id (2) + slot (2).
    fixed_ = page.substr(offset + 1u, 8);
    length_ = 9;
    column_count_ = 0;
    var_count_ = 0;
    return true;
  }
  if (fixed_end < 4 || offset + static_cast<size_t>(fixed_end) + 2 > end) {
    *why = "fixed-length end " + std::to_string(fixed_end) + " beyond the page";
    return false;
  }
  fixed_ = page.substr(offset + 4u, fixed_end - 4u);
  size_t p = offset + static_cast<size_t>(fixed_end);
  column_count_ = u16(page, p);
  p += 2;
  null_bitmap_ = {};
  if (has_null_bitmap()) {
    size_t nb = (column_count_ + 7u) / 8u;
    if (p + nb > end) {
      *why = "null bitmap beyond the page";
      return false;
    }
    null_bitmap_ = page.substr(p, nb);
    p += nb;
  }
  var_count_ = 0;
  var_offsets_ = var_data_ = p;
  if (has_var_columns()) {
    if (p + 2 > end) {
      *why = "variable column count beyond the page";
      return false;
    }
    var_count_ = u16(page, p);
    p += 2;
    if (p + 2u * var_count_ > end || var_count_ > column_count_ + 1u) {
      *why = "variable column offsets beyond the page";
      return false;
    }
    var_offsets_ = p;
    var_data_ = p + 2u * var_count_;
    // Offsets are from the record start and must not decrease.
    size_t prev = var_data_ - offset;
    for (uint16_t i = 0; i < var_count_; ++i) {
      size_t e = u16(page, var_offsets_ + 2u * i) & 0x7FFF;
      if (e < prev || offset + e > end) {
        *why = "variable column " + std::to_string(i) + " ends at " +
               std::to_string(e) + ", outside the record";
        return false;
      }
      prev = e;
    }
    length_ = static_cast<uint16_t>(prev);
  } else {
    length_ = static_cast<uint16_t>(p - offset);
  }
  return true;
}

std::string_view Record::var(size_t i, bool* complex) const {
  *complex = false;
  if (i >= var_count_) return {};
  size_t start = i == 0 ? var_data_ - offset_
                        : (u16(page_, var_offsets_ + 2 * (i - 1)) & 0x7FFF);
  uint16_t raw_end = u16(page_, var_offsets_ + 2 * i);
  size_t e = raw_end & 0x7FFF;
  *complex = raw_end & 0x8000;
  if (e < start) return {};
  return page_.substr(offset_ + start, e - start);
}

}  // namespace leakscope::mssql
