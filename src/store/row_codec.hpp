// Rows of a SQL table in transit from the producing thread to the store
// writer: one flat byte buffer per chunk (no allocation per row or value),
// encoded by the producer, bound to SQLite by the writer straight from the
// buffer (SQLITE_STATIC: the chunk outlives each step).
//
// Row layout (little-endian, host order; producer and writer are one
// process): u32 file, u32 page, u16 slot, u8 state, u64 hash, u16 columns,
// then per column u8 kind and: integer/real 8 bytes; decimal, text, bytes,
// datetime u32 length + bytes; null nothing.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "leakscope/sql_records.hpp"

namespace leakscope {

struct RowChunk {
  std::string data;
  size_t rows = 0;
  size_t deleted = 0;  // rows whose state is not live

  // `hash_seed`: the row's content hash is XXH3-64 of its encoded values
  // (kinds, lengths and bytes, from the column count on) with this seed.
  // Returns that hash.
  uint64_t append(const SqlRowRef& ref, uint64_t hash_seed,
                  std::span<const SqlValue> values) {
    put(ref.file);
    put(ref.page);
    put(ref.slot);
    data.push_back(static_cast<char>(ref.state));
    const size_t hash_at = data.size();
    put(uint64_t{0});
    const size_t values_at = data.size();
    put(static_cast<uint16_t>(values.size()));
    for (const SqlValue& v : values) {
      data.push_back(static_cast<char>(v.kind));
      switch (v.kind) {
        case SqlValueKind::kNull:
          break;
        case SqlValueKind::kInteger:
          put(v.integer);
          break;
        case SqlValueKind::kReal:
          put(v.real);
          break;
        default:
          put(static_cast<uint32_t>(v.text.size()));
          data.append(v.text);
      }
    }
    uint64_t hash = XXH3_64bits_withSeed(data.data() + values_at,
                                         data.size() - values_at, hash_seed);
    std::memcpy(data.data() + hash_at, &hash, sizeof hash);
    ++rows;
    if (ref.state != RowState::kLive) ++deleted;
    return hash;
  }

 private:
  template <typename T>
  void put(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    data.append(b, sizeof(T));
  }
};

// The normalised value of one cell of a value column (an e-mail address
// case-folded, a phone number in E.164), in transit with its row. The type
// is the column's (sql_columns.value_type).
struct RowCellValue {
  int64_t rowid = 0;  // 1-based within the table
  int ordinal = 0;
  std::string value;
  std::string country;  // ISO 3166-1 alpha-2 the value implies, or ""
  size_t bytes() const {
    return sizeof(RowCellValue) + value.capacity() + country.capacity();
  }
};

// Reads one row at `p` (within a chunk's data); returns the next row.
struct DecodedRowHead {
  uint32_t file, page;
  uint16_t slot;
  uint8_t state;
  uint64_t hash;
  uint16_t columns;
};
inline const char* decode_row_head(const char* p, DecodedRowHead* h) {
  std::memcpy(&h->file, p, 4);
  std::memcpy(&h->page, p + 4, 4);
  std::memcpy(&h->slot, p + 8, 2);
  h->state = static_cast<uint8_t>(p[10]);
  std::memcpy(&h->hash, p + 11, 8);
  std::memcpy(&h->columns, p + 19, 2);
  return p + 21;
}
// One value at `p`; returns the position after it.
inline const char* decode_value(const char* p, SqlValue* v) {
  v->kind = static_cast<SqlValueKind>(*p++);
  switch (v->kind) {
    case SqlValueKind::kNull:
      return p;
    case SqlValueKind::kInteger:
      std::memcpy(&v->integer, p, 8);
      return p + 8;
    case SqlValueKind::kReal:
      std::memcpy(&v->real, p, 8);
      return p + 8;
    default: {
      uint32_t n;
      std::memcpy(&n, p, 4);
      v->text = std::string_view(p + 4, n);
      return p + 4 + n;
    }
  }
}

}  // namespace leakscope
