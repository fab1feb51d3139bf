#include "cd_record.hpp"

namespace leakscope::mssql {

namespace {

// A 1- or 2-byte count: high bit of the first byte set means 15 bits,
// big-endian. Returns false when it does not fit.
bool read_count(std::string_view b, size_t* at, size_t* out) {
  if (*at >= b.size()) return false;
  uint8_t first = static_cast<uint8_t>(b[*at]);
  if (!(first & 0x80)) {
    *out = first;
    ++*at;
    return true;
  }
  if (*at + 2 > b.size()) return false;
  *out = (static_cast<size_t>(first & 0x7F) << 8) |
         static_cast<uint8_t>(b[*at + 1]);
  *at += 2;
  return true;
}

uint16_t le16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<uint8_t>(b[at]) |
                               (static_cast<uint8_t>(b[at + 1]) << 8));
}

constexpr size_t kCluster = 30;  // columns per short/long data cluster

}  // namespace

bool CdRecord::parse(std::string_view page, size_t offset, std::string* why) {
  values_.clear();
  auto fail = [&](const char* what, size_t at) {
    *why = std::string(what) + " at record offset " + std::to_string(at);
    return false;
  };
  if (offset >= page.size()) return fail("record starts past the page", 0);
  std::string_view b = page.substr(offset);
  header_ = static_cast<uint8_t>(b[0]);
  if (!(header_ & 1)) return fail("not a CD record (header bit 0 clear)", 0);
  const bool has_long = header_ & 0x20;
  size_t at = 1, n = 0;
  if (!read_count(b, &at, &n)) return fail("column count truncated", at);
  if (n == 0 || n > 4096) return fail("implausible column count", 1);
  // The CD array: 4 bits per column, the first column in the low nibble.
  const size_t cd_bytes = (n + 1) / 2;
  if (at + cd_bytes > b.size()) return fail("CD array truncated", at);
  values_.resize(n);
  size_t longs = 0;
  for (size_t i = 0; i < n; ++i) {
    uint8_t byte = static_cast<uint8_t>(b[at + i / 2]);
    uint8_t d = i % 2 ? byte >> 4 : byte & 0x0F;
    if (d > kCdSymbol) return fail("unknown column descriptor", at + i / 2);
    values_[i].descriptor = d;
    if (d == kCdLong) ++longs;
  }
  at += cd_bytes;
  // Short data region: one length byte per cluster but the last, then the
  // values of 1..8 bytes in column order (symbols: 1 or 2 bytes).
  const size_t clusters = (n - 1) / kCluster;
  if (at + clusters > b.size())
    return fail("short data clusters truncated", at);
  at += clusters;
  for (size_t i = 0; i < n; ++i) {
    CdValue& v = values_[i];
    if (v.descriptor >= 2 && v.descriptor <= 9) {
      size_t len = v.descriptor - 1u;
      if (at + len > b.size()) return fail("short data truncated", at);
      v.bytes = b.substr(at, len);
      at += len;
    } else if (v.descriptor == kCdSymbol) {
      size_t start = at, k = 0;
      if (!read_count(b, &at, &k)) return fail("symbol truncated", at);
      v.bytes = b.substr(start, at - start);
    }
  }
  if (longs && !has_long)
    return fail("long columns but no long data region", at);
  if (has_long) {
    // Long data region: header (bit 0: 2-byte offsets), entry count u16,
    // end offsets (high bit: complex value), a count byte per cluster but
    // the last, then the data.
    if (at + 3 > b.size()) return fail("long data header truncated", at);
    const bool two_byte = static_cast<uint8_t>(b[at]) & 1;
    size_t entries = le16(b, at + 1);
    at += 3;
    if (entries != longs)
      return fail("long data entry count differs from the CD array", at - 2);
    const size_t width = two_byte ? 2 : 1;
    const size_t offsets_at = at;
    if (at + entries * width + clusters > b.size())
      return fail("long data offsets truncated", at);
    at += entries * width + clusters;
    const size_t data_at = at;
    size_t prev = 0, k = 0;
    for (size_t i = 0; i < n; ++i) {
      CdValue& v = values_[i];
      if (v.descriptor != kCdLong) continue;
      size_t raw = two_byte ? le16(b, offsets_at + 2 * k)
                            : static_cast<uint8_t>(b[offsets_at + k]);
      bool complex = two_byte && (raw & 0x8000);
      size_t end = two_byte ? (raw & 0x7FFF) : raw;
      if (end < prev || data_at + end > b.size())
        return fail("long data offset out of order or past the page",
                    offsets_at + width * k);
      v.bytes = b.substr(data_at + prev, end - prev);
      v.complex = complex;
      prev = end;
      ++k;
    }
    at = data_at + prev;
  }
  length_ = at;
  return true;
}

bool PageCompressionInfo::parse(std::string_view page, std::string* why) {
  present_ = anchor_present_ = false;
  symbols_.clear();
  constexpr size_t kHeader = 96;
  if (page.size() < kHeader + 5 || !(static_cast<uint8_t>(page[2]) & 0x80))
    return true;
  present_ = true;
  const uint8_t flags = static_cast<uint8_t>(page[kHeader]);
  const size_t size = le16(page, kHeader + 3);
  if (size < 5 || kHeader + size > page.size()) {
    *why = "compression information of " + std::to_string(size) +
           " bytes does not fit the page";
    return false;
  }
  std::string_view ci = page.substr(kHeader, size);
  size_t at = 5;
  if (flags & 1) {
    std::string err;
    if (!anchor_.parse(ci, at, &err)) {
      *why = "anchor record: " + err;
      return false;
    }
    anchor_present_ = true;
    at += anchor_.length();
  }
  if (flags & 2) {
    if (at + 2 > ci.size()) {
      *why = "dictionary header truncated";
      return false;
    }
    size_t count = le16(ci, at);
    at += 2;
    if (at + 2 * count > ci.size()) {
      *why = "dictionary offsets truncated";
      return false;
    }
    const size_t data_at = at + 2 * count;
    size_t prev = 0;
    for (size_t k = 0; k < count; ++k) {
      size_t end = le16(ci, at + 2 * k);
      if (end < prev || data_at + end > ci.size()) {
        *why = "dictionary entry " + std::to_string(k) + " out of bounds";
        return false;
      }
      symbols_.push_back(ci.substr(data_at + prev, end - prev));
      prev = end;
    }
  }
  return true;
}

bool PageCompressionInfo::symbol(size_t k, std::string_view* out) const {
  if (k >= symbols_.size()) return false;
  *out = symbols_[k];
  return true;
}

}  // namespace leakscope::mssql
